using Gvm.Core.Runs;

namespace Gvm.Training.Rl;

/// <summary>Options of the clipped policy update (verl actor semantics).</summary>
public sealed record PolicyUpdateOptions
{
    public double ClipLow { get; init; } = 0.2;
    public double ClipHigh { get; init; } = 0.2;
    public bool UseKl { get; init; } = true;
    public double KlCoef { get; init; } = 0.001;
    /// <summary>
    /// Optimizer updates per epoch: the step's samples are shuffled and cut into this many mini-batches of near-equal
    /// size (sizes differ by at most one), whatever the step's sample count, so runs whose steps draw different numbers
    /// of samples (GVM) make the same number of updates as their uniform baselines.
    /// </summary>
    public int MiniBatches { get; init; } = 4;
    public int Epochs { get; init; } = 1;
    /// <summary>Max global gradient norm (0 = no clipping; the norm is still measured).</summary>
    public double GradClip { get; init; } = 1.0;
    public double Temperature { get; init; } = 1.0;

    /// <summary>
    /// Use the log-probs recorded while sampling (<see cref="Rollout.RolloutBatch.LogProbs"/>: temperature-scaled, before
    /// top-k/top-p) as the old-policy log-probs instead of a teacher-forced recomputation, when the policy computes in
    /// float32. There the two differ by float rounding only (≤ 1e-5, tested; the recomputation on a differently padded
    /// batch differs from the update's own pass by as much), so the importance ratio at the first mini-batch is 1 to
    /// ~1e-6 either way and the clip (±0.2) never sees the difference; the step saves one forward pass over the batch.
    /// In bf16/fp16 the sampling and training passes round differently enough to move ratios (verl recomputes for
    /// that reason), so those models always recompute. False: always recompute.
    /// </summary>
    public bool ReuseRolloutLogProbs { get; init; } = true;

    /// <summary>
    /// A mini-batch's rows are sorted by length and cut into groups of at most this many padded tokens (rows × longest
    /// row), each padded to its own longest row; the mini-batch's token-mean loss is the tokens-weighted sum of the
    /// groups' (one backward pass, one optimizer update, as before). int.MaxValue = the whole mini-batch in one padded
    /// group.
    /// </summary>
    public int GroupTokens { get; init; } = 512;

    /// <summary>
    /// How the policy loss and the KL term of a mini-batch are aggregated over its response tokens (the algorithm's
    /// <see cref="AlgorithmInfo.Loss"/>). Entropy and clip fraction stay token-means (diagnostics).
    /// </summary>
    public LossAggregationMode Aggregation { get; init; } = LossAggregationMode.TokenMean;

    /// <summary>The constant divisor of an aggregation that normalises by a fixed length (sampling.max_new_tokens).</summary>
    public int LossScaleTokens { get; init; } = 1;

    public PolicyUpdateOptions Validate()
    {
        if (!(ClipLow is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(ClipLow), ClipLow, "must be in (0, 1)");
        if (!(ClipHigh > 0)) throw new ArgumentOutOfRangeException(nameof(ClipHigh), ClipHigh, "must be > 0");
        ArgumentOutOfRangeException.ThrowIfNegative(KlCoef);
        ArgumentOutOfRangeException.ThrowIfLessThan(MiniBatches, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(GradClip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(GroupTokens);
        if (Aggregation == LossAggregationMode.None) throw new ArgumentOutOfRangeException(nameof(Aggregation), Aggregation, "must name an aggregation");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LossScaleTokens);
        return this;
    }
}

/// <summary>Means over the optimizer updates of one trainer step.</summary>
public sealed record PolicyUpdateStats(int Updates, double Loss, double Kl, double Entropy, double GradNorm, double ClipFraction)
{
    /// <summary>Seconds of the old-policy and reference log-prob passes (timing only, for perf/logprobs_s).</summary>
    public double LogProbSeconds { get; init; }

    public static readonly PolicyUpdateStats None = new(0, 0, 0, 0, 0, 0);
}
