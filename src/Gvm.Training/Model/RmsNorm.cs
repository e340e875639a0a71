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
    public static Tensor Apply(Tensor x, Tensor gain, double eps)
    {
        using var scope = NewDisposeScope();
        var x32 = x.to_type(ScalarType.Float32);                           // [.., D]
        var inverseRms = x32.pow(2).mean([-1], keepdim: true).add(eps).rsqrt(); // [.., 1]
        var normed = x32.mul(inverseRms).to_type(x.dtype);
        return gain.mul(normed).MoveToOuterDisposeScope();
    }
}
