using Gvm.Training.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gvm.Training.Optim;

/// <summary>Global gradient-norm clipping (the L2 norm summed in float64) that always reports the pre-clip norm.</summary>
/// <remarks><c>x·x</c> rather than <c>pow(2)</c> or <c>square()</c> (ATen's pow(x, 2) is x·x): see <see cref="Model.RmsNorm.Apply"/> on TorchSharp's
/// implicitly converted scalars.</remarks>
public static class GradientClipping
{
    /// <summary>Clips to <paramref name="maxNorm"/> (0 = off) and returns the global L2 norm before clipping.</summary>
    public static double ClipOrMeasure(IReadOnlyList<Parameter> parameters, double maxNorm)
    {
        var norm = Measure(parameters);
        if (maxNorm > 0 && double.IsFinite(norm))
        {
            // torch.nn.utils.clip_grad_norm_: g ← g · min(1, max_norm / (‖g‖ + 1e-6)); the scalar is held until every
            // op has returned (TorchSharp's implicit scalars can be finalised mid-call, see PolicyOptimizer).
            var coefficient = maxNorm / (norm + 1e-6);
            if (coefficient < 1)
            {
                using var scale = coefficient.ToScalar();
                using var noGrad = no_grad();
                foreach (var p in parameters) p.grad?.mul_(scale);
            }
        }
        return norm;
    }

    private static double Measure(IReadOnlyList<Parameter> parameters)
    {
        using var scope = NewDisposeScope();
        if (parameters.Count > 0 && parameters[0].device_type != TorchSharp.DeviceType.CPU)
        {
            // On an accelerator, accumulate on the device and sync once (one .item per parameter would stall the stream
            // ~100 times per update). The CPU path below is kept as it was so CPU runs stay bit-identical.
            var acc = zeros(1, ScalarType.Float64, parameters[0].device); // [1]
            foreach (var p in parameters)
                if (p.grad is { } g) acc.PlusInPlace(SumOfSquares(g));
            return Math.Sqrt(acc.item<double>()); // sync point (device → host)
        }
        double sq = 0;
        foreach (var p in parameters)
            if (p.grad is { } g) sq += SumOfSquares(g).item<double>();
        return Math.Sqrt(sq);
    }

    private static Tensor SumOfSquares(Tensor g)
    {
        var g64 = g.to_type(ScalarType.Float64);
        return g64.mul(g64).sum();
    }
}
