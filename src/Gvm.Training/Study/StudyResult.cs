namespace Gvm.Training.Study;

/// <summary>
/// One object of study.json: one estimator on one shard. Cosines are to the shard's reference g* (t-interval over the
/// draws); "corrected" divides them by the reference's expected cosine to the true gradient
/// (<see cref="StudyStatistics.ReferenceCosine"/>). Rollouts and seconds are means per draw.
/// </summary>
public sealed record StudyRow
{
    public required string Algorithm { get; init; }
    public required string Allocation { get; init; }
    public required int Shard { get; init; }
    public required int Draws { get; init; }
    public required double CosineMean { get; init; }
    public required double CosineLo { get; init; }
    public required double CosineHi { get; init; }
    public required double CosineCorrectedMean { get; init; }
    public required double CosineCorrectedLo { get; init; }
    public required double CosineCorrectedHi { get; init; }
    /// <summary>cos(mean ĝ, g*): where the estimator points on average (its bias, less the reference's noise).</summary>
    public required double MeanGradientCosine { get; init; }
    /// <summary>tr Cov(ĝ)/‖mean ĝ‖².</summary>
    public required double RelVariance { get; init; }
    /// <summary>The same for the unit vectors ĝ/‖ĝ‖ (insensitive to the token-mean's random scale).</summary>
    public required double RelVarianceUnit { get; init; }
    public required double TraceCovariance { get; init; }
    public required double MeanGradientNorm { get; init; }
    /// <summary>Mean of ‖ĝ/‖ĝ‖ − g*/‖g*‖‖² = 2 − 2·cos.</summary>
    public required double Nmse { get; init; }
    /// <summary>V(uniform)/V(this) by the paper's variance proxy: 1 for uniform, (n+N')/n at equal rollouts, the
    /// realised allocation's <c>VarianceProxy.PredictedRatio</c> for GVM (mean over draws, as gvm/variance_ratio_pred).</summary>
    public required double PredictedVarianceRatio { get; init; }
    /// <summary>rel_variance(uniform)/rel_variance(this), same algorithm and shard.</summary>
    public required double MeasuredVarianceRatio { get; init; }
    public required double Rollouts { get; init; }
    public required double PresampleRollouts { get; init; }
    public required double Seconds { get; init; }
    public required double SampleSeconds { get; init; }
    public required double GradientSeconds { get; init; }
    public required double ReferenceSplitHalfCosine { get; init; }
    public required double ReferenceCosineToTruth { get; init; }
    /// <summary>GVM: mean number of prompts allocated no sample, and the draws that fell back to uniform.</summary>
    public required double ZeroAllocPrompts { get; init; }
    public required int UniformFallbackDraws { get; init; }
}

/// <summary>The reference gradient of one shard: g* = (h₁ + h₂)/2 from two halves of the reference samples.</summary>
public sealed record StudyReference(int Shard, int Prompts, int SamplesPerPrompt, double SplitHalfCosine, double CosineToTruth,
    double Norm, double RewardMean, double Seconds);

/// <summary>One line of allocations.jsonl: one prompt of one GVM draw.</summary>
public sealed record StudyAllocationRecord(int Shard, int Draw, int PromptId, int Level, double AcceptRate, double GradNorm, int N,
    bool UniformFallback);

/// <summary>What the study measured, with its settings; <see cref="Seconds"/> sums the shards' measuring time, including
/// <see cref="KeptShards"/> shards read back from an earlier run.</summary>
public sealed record StudyResult(VarianceStudyOptions Options, StudySettings Settings, IReadOnlyList<StudyRow> Rows,
    IReadOnlyList<StudyReference> References, IReadOnlyList<StudyAllocationRecord> Allocations,
    IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<double>>> CosinesByEstimator, double Seconds, int KeptShards = 0)
{
    /// <summary>Key of <see cref="CosinesByEstimator"/> (per shard, the draws' cosines).</summary>
    public static string Key(string algorithm, string allocation) => $"{algorithm}/{allocation}";
}

/// <summary>The spec values the study ran with (for study.md and reruns).</summary>
public sealed record StudySettings(string Checkpoint, string Task, long Parameters, int SamplesPerPrompt, int Presamples,
    double Alpha, double Beta, double Temperature, int MaxNewTokens, double ClipLow, double ClipHigh, bool NormalizeByStd,
    string Device, int Threads);
