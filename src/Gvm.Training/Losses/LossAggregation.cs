using Gvm.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Gvm.Training.Losses;

/// <summary>Loss aggregation over response tokens (verl <c>agg_loss</c>, <c>masked_mean</c>).</summary>
public static class LossAggregation
{
    /// <summary>verl's masked_mean guard against an empty mask.</summary>
    public const double Epsilon = 1e-8;

    private static readonly TorchSharp.Scalar EpsilonScalar = Epsilon.ToScalar(); // see Model.Scalars

    /// <summary>Σ(x·m) / (Σm + 1e-8) over all elements: [B, T] → scalar.</summary>
    public static Tensor MaskedMean(Tensor values, Tensor mask) => (values * mask).sum() / mask.sum().AddScalar(EpsilonScalar);

    /// <summary>"token-mean": every response token of the mini-batch weighs the same (verl default, DAPO).</summary>
    public static Tensor TokenMean(Tensor lossMatrix, Tensor mask) => MaskedMean(lossMatrix, mask);
}
