using Gvm.Core.Runs;
using Gvm.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Gvm.Training.Losses;

/// <summary>The clipped policy-gradient loss and its diagnostics.</summary>
public sealed record PolicyLossResult(Tensor Loss, Tensor ClipFraction, Tensor ClipFractionLower, Tensor ApproxKl);

/// <summary>
/// PPO clipped surrogate with dual clip, as the authors' verl fork <c>core_algos.compute_policy_loss</c>, which their
/// actor uses for <c>policy_loss: plusplus</c> (dp_actor.py; the scripts' setting and ppo_trainer.yaml's default). Their
/// <c>compute_policy_loss_vanilla</c> (−A·log π, no ratio) is not implemented. Used by RAFT++ and GRPO (GVM paper
/// Eq. 4). Shapes: B responses, T response positions.
/// </summary>
public static class PolicyLoss
{
    /// <summary>verl's default dual-clip constant c (Ye et al. 2020).</summary>
    public const double DualClipC = 3.0;

    /// <summary>
    /// ratio = exp(logπ − logπ_old) (log-ratio clamped to [−20, 20]);
    /// L1 = −A·ratio, L2 = −A·clip(ratio, 1−ε_low, 1+ε_high), L = max(L1, L2);
    /// for A &lt; 0 additionally L = min(L, −A·c). Aggregated with <see cref="LossAggregation.Aggregate"/>
    /// (<paramref name="aggregation"/>: token-mean by default; <paramref name="scaleTokens"/> is the constant of a fixed-length normalisation).
    /// </summary>
    /// <param name="logProbs">[B, T] current policy log-probs of the response tokens.</param>
    /// <param name="oldLogProbs">[B, T] rollout-policy log-probs.</param>
    /// <param name="advantages">[B, T] advantages broadcast over tokens.</param>
    /// <param name="mask">[B, T] 1 for response tokens, 0 for padding.</param>
    public static PolicyLossResult Compute(Tensor logProbs, Tensor oldLogProbs, Tensor advantages, Tensor mask,
        double clipLow, double clipHigh, double dualClipC = DualClipC,
        LossAggregationMode aggregation = LossAggregationMode.TokenMean, double scaleTokens = 0)
    {
        // Every scalar is held for its calls (see Model.Scalars on TorchSharp's implicitly converted scalars).
        using var klLow = (-20.0).ToScalar();
        using var klHigh = 20.0.ToScalar();
        using var ratioLow = (1.0 - clipLow).ToScalar();
        using var ratioHigh = (1.0 + clipHigh).ToScalar();
        using var dualClip = dualClipC.ToScalar();
        using var zero = 0.0.ToScalar();
        var negApproxKl = logProbs.sub(oldLogProbs).clamp(klLow, klHigh);  // [B, T]
        var ratio = negApproxKl.exp();                                     // [B, T]
        var approxKl = LossAggregation.MaskedMean(-negApproxKl, mask);

        var losses1 = -advantages * ratio;                                         // [B, T]
        var losses2 = -advantages * ratio.clamp(ratioLow, ratioHigh);             // [B, T]
        var clipped1 = maximum(losses1, losses2);                                  // [B, T]
        var clipFrac = LossAggregation.MaskedMean(losses2.gt(losses1).to_type(ScalarType.Float32), mask);

        var losses3 = advantages.neg().mul(dualClip);                              // [B, T]
        var clipped2 = minimum(losses3, clipped1);                                 // [B, T]
        var negative = advantages.lt(zero);                                         // [B, T]
        var clipFracLower = LossAggregation.MaskedMean(
            (clipped1.gt(losses3) & negative).to_type(ScalarType.Float32), mask);
        var losses = where(negative, clipped2, clipped1);                          // [B, T]
        return new PolicyLossResult(LossAggregation.Aggregate(losses, mask, aggregation, scaleTokens), clipFrac, clipFracLower, approxKl);
    }
}
