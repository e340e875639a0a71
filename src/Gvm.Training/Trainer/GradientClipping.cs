using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gvm.Training.Trainer;

/// <summary>Global gradient-norm clipping that always reports the pre-clip norm.</summary>
public static class GradientClipping
{
    /// <summary>Clips to <paramref name="maxNorm"/> (0 = off) and returns the global L2 norm before clipping.</summary>
    public static double ClipOrMeasure(IReadOnlyList<Parameter> parameters, double maxNorm)
    {
        if (maxNorm > 0) return nn.utils.clip_grad_norm_(parameters, maxNorm);
        using var scope = NewDisposeScope();
        double sq = 0;
        foreach (var p in parameters)
            if (p.grad is { } g) sq += g.to_type(ScalarType.Float64).pow(2).sum().item<double>();
        return Math.Sqrt(sq);
    }
}
