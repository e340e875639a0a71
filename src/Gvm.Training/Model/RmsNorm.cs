using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gvm.Training.Model;

/// <summary>
/// Root-mean-square layer norm (Zhang &amp; Sennrich 2019, eq. 4): y = x / sqrt(mean(x²) + eps) · g.
/// Like transformers' Qwen2RMSNorm the statistic is taken in float32 and the result cast back to the input dtype.
/// </summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly double eps;

    public RmsNorm(long size, double eps) : base(nameof(RmsNorm))
    {
        this.eps = eps;
        weight = nn.Parameter(ones(size));
        register_parameter("weight", weight);
    }

    public Parameter Weight => weight;

    public override Tensor forward(Tensor x) => Apply(x, weight, eps);

    /// <summary>Pure function: x [.., D], gain [D] → [.., D].</summary>
    /// <remarks>
    /// <c>x·x</c>, not <c>pow(2)</c> or <c>square()</c> (which TorchSharp implements as <c>pow(2)</c>): ATen computes
    /// pow(x, 2) as x·x, but <c>pow(2)</c> passes an implicitly converted <see cref="Scalar"/> whose finalizer can free it
    /// while libtorch reads it (TorchSharp 0.107 keeps no reference during the call; dotnet/TorchSharp#1496); runs and
    /// tests died on it with "Unknown scalar type" / "INTERNAL ASSERT FAILED at c10/core/Scalar.h". For the same reason
    /// <c>eps</c> is converted once and kept alive by <c>using</c>. The casts are
    /// skipped for float32 input (no-op ops on the hot path); the values are unchanged.
    /// </remarks>
    public static Tensor Apply(Tensor x, Tensor gain, double eps)
    {
        using var scope = NewDisposeScope();
        using var epsilon = eps.ToScalar(); // held until the end of the call (see remarks)
        var isFloat32 = x.dtype == ScalarType.Float32;
        var x32 = isFloat32 ? x : x.to_type(ScalarType.Float32);           // [.., D]
        var inverseRms = x32.mul(x32).mean([-1], keepdim: true).AddScalar(epsilon).rsqrt(); // [.., 1]
        var normed = x32.mul(inverseRms);
        if (!isFloat32) normed = normed.to_type(x.dtype);
        return gain.mul(normed).MoveToOuterDisposeScope();
    }
}
