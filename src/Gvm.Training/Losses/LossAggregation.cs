using Gvm.Core.Runs;
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

    /// <summary>
    /// "seq-mean-token-sum-norm" (Dr. GRPO): Σ_i Σ_t x·m / (B · <paramref name="scaleTokens"/>) over the B rows, i.e. the
    /// mean over responses of each response's token-sum divided by a constant (the maximum response length), as verl
    /// core_algos.agg_loss with a constant loss_scale_factor and the Dr. GRPO paper's 1/G · Σ_i 1/L_max · Σ_t.
    /// </summary>
    public static Tensor SeqMeanTokenSumNorm(Tensor lossMatrix, Tensor mask, double scaleTokens)
    {
        if (!(scaleTokens > 0)) throw new ArgumentOutOfRangeException(nameof(scaleTokens), scaleTokens, "must be > 0");
        using var divisor = (lossMatrix.shape[0] * scaleTokens).ToScalar(); // see Model.Scalars
        return (lossMatrix * mask).sum().div(divisor);
    }

    /// <summary>
    /// The share of a mini-batch's loss that a length group's aggregate carries, so that Σ_groups share × aggregate is the
    /// aggregate of the whole mini-batch: its tokens for token-mean, its rows for a mean over responses.
    /// </summary>
    public static double GroupShare(LossAggregationMode mode, int groupTokens, double miniBatchTokens, int groupRows, int miniBatchRows) => mode switch
    {
        LossAggregationMode.TokenMean => miniBatchTokens > 0 ? groupTokens / miniBatchTokens : 0,
        LossAggregationMode.SeqMeanTokenSumNorm => groupRows / (double)miniBatchRows,
        LossAggregationMode.None => throw new ArgumentException("no policy loss aggregation: not an RL algorithm", nameof(mode)),
    };

    /// <summary>The algorithm's aggregation (<see cref="AlgorithmInfo.Loss"/>); the switch has no default arm.</summary>
    public static Tensor Aggregate(Tensor lossMatrix, Tensor mask, LossAggregationMode mode, double scaleTokens) => mode switch
    {
        LossAggregationMode.TokenMean => TokenMean(lossMatrix, mask),
        LossAggregationMode.SeqMeanTokenSumNorm => SeqMeanTokenSumNorm(lossMatrix, mask, scaleTokens),
        LossAggregationMode.None => throw new ArgumentException("no policy loss aggregation: not an RL algorithm", nameof(mode)),
    };
}
