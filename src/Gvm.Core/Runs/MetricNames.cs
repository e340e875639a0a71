namespace Gvm.Core.Runs;

/// <summary>Stable metric names written by the trainer (documented in the README).</summary>
public static class MetricNames
{
    public const string Step = "step";
    public const string Time = "time";

    public const string RewardMean = "train/reward_mean";
    public const string AcceptRate = "train/accept_rate";
    public const string SamplesStage1 = "train/samples_stage1";
    public const string SamplesStage2 = "train/samples_stage2";
    public const string SamplesTotalCum = "train/samples_total_cum";
    public const string Loss = "train/loss";
    public const string Kl = "train/kl";
    public const string Entropy = "train/entropy";
    public const string GradNorm = "train/grad_norm";
    public const string Lr = "train/lr";
    /// <summary>Mean length in tokens of the step's stage-2 responses.</summary>
    public const string ResponseLengthMean = "train/response_length_mean";
    public const string ClipFraction = "train/clip_fraction";
    /// <summary>Optimizer updates made in the step.</summary>
    public const string Updates = "train/updates";
    /// <summary>Mean samples per optimizer update in the step.</summary>
    public const string MiniBatchSize = "train/mini_batch_size";

    public const string AllocMin = "gvm/alloc_min";
    public const string AllocMax = "gvm/alloc_max";
    public const string AllocGini = "gvm/alloc_gini";
    public const string ZeroAllocPrompts = "gvm/zero_alloc_prompts";
    public const string SingletonGroups = "gvm/singleton_groups";
    public const string VarianceRatioPred = "gvm/variance_ratio_pred";
    /// <summary>1 when the current EM iteration's GVM allocation allocated nothing (every p̂ = 0 or every G = 0) and the
    /// uniform allocation was used instead; 0 otherwise.</summary>
    public const string UniformFallback = "gvm/uniform_fallback";

    public const string OptimizerUpdatesCum = "cost/optimizer_updates_cum";
    public const string RolloutsCum = "cost/rollouts_cum";
    public const string TokensGeneratedCum = "cost/tokens_generated_cum";
    public const string SecondsCum = "cost/seconds_cum";

    public const string PresampleSeconds = "perf/presample_s";
    public const string GradNormSeconds = "perf/gradnorm_s";
    public const string GenerateSeconds = "perf/generate_s";
    public const string UpdateSeconds = "perf/update_s";
    public const string GenTokensPerSecond = "perf/gen_tokens_per_s";
    /// <summary>GVM: seconds of the allocation (allocator, fallback, step balancing) on the step that allocates; 0 otherwise.</summary>
    public const string AllocateSeconds = "perf/allocate_s";
    /// <summary>Seconds spent scoring the stage-2 responses (a part of perf/generate_s).</summary>
    public const string ScoreSeconds = "perf/score_s";
    /// <summary>Seconds of the old-policy and reference log-prob passes before the update (a part of perf/update_s).</summary>
    public const string LogProbSeconds = "perf/logprobs_s";
    /// <summary>Seconds of one evaluation (logged with every eval record).</summary>
    public const string EvalSeconds = "perf/eval_s";

    public const string EvalAccuracy = "eval/accuracy";
    /// <summary>Number of problems behind eval/accuracy (for its standard error sqrt(a(1-a)/m)).</summary>
    public const string EvalProblems = "eval/problems";
    public static string EvalAccuracyLevel(int level) => $"eval/accuracy_level_{level}";
    /// <summary>Per-benchmark accuracy for math runs, e.g. eval/math500/mean_at_k.</summary>
    public static string EvalBenchmark(string benchmark) => $"eval/{benchmark}";

    public const string SftLoss = "sft/loss";
}
