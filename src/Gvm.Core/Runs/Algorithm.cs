namespace Gvm.Core.Runs;

/// <summary>
/// The training algorithms a run can use. JSON/YAML spelling in brackets. Every fact about an algorithm (name, whether
/// it is RL, its allocation, advantage, loss aggregation, planning cost, fairness pairing) lives in its
/// <see cref="AlgorithmInfo"/> entry of <see cref="Algorithms"/>; a value without an entry does not compile.
/// </summary>
public enum Algorithm
{
    /// <summary>Supervised warm start on reference solutions ("sft").</summary>
    Sft,
    /// <summary>RAFT++: rejection sampling with clipped importance ratios, uniform N per prompt ("raft_pp").</summary>
    RaftPlusPlus,
    /// <summary>RAFT++ with the GVM sample allocation ("gvm_raft_pp").</summary>
    GvmRaftPlusPlus,
    /// <summary>GRPO with uniform N per prompt ("grpo").</summary>
    Grpo,
    /// <summary>GRPO with the GVM sample allocation ("gvm_grpo").</summary>
    GvmGrpo,
    /// <summary>No training: evaluates <c>model.checkpoint</c> once with the eval protocol ("eval"; a grid's eval stage).</summary>
    Eval,
    /// <summary>
    /// No training: measures the gradient variance of RAFT++ and GRPO, uniform vs GVM allocation, at
    /// <c>model.checkpoint</c> ("variance_study"; a grid's study stage, options in <c>study</c>; docs/trainer.md).
    /// </summary>
    VarianceStudy,
    /// <summary>
    /// Dr. GRPO (Liu et al. 2025, arXiv 2503.20783), uniform N per prompt ("dr_grpo"): GRPO advantages without the
    /// division by the group std, and the loss summed over each response's tokens divided by the constant
    /// <c>sampling.max_new_tokens</c> instead of the token-mean.
    /// </summary>
    DrGrpo,
}

/// <summary>What a run of the algorithm does: the trainer's top-level dispatch.</summary>
public enum AlgorithmRole
{
    /// <summary>Supervised training on reference solutions (SFT step).</summary>
    Supervised,
    /// <summary>RL training (RL step: allocate, generate, score, advantage, update).</summary>
    Rl,
    /// <summary>Trains nothing: one evaluation of <c>model.checkpoint</c>.</summary>
    Eval,
    /// <summary>Trains nothing: the variance study at <c>model.checkpoint</c>.</summary>
    Study,
}

/// <summary>How an RL step chooses the number of samples per prompt.</summary>
public enum SampleAllocation
{
    /// <summary>Not an RL algorithm: no stage-2 sampling.</summary>
    None,
    /// <summary><c>sampling.samples_per_prompt</c> for every prompt.</summary>
    Uniform,
    /// <summary>The GVM allocation from a presampling stage (<c>gvm.*</c>, per EM iteration).</summary>
    Gvm,
}

/// <summary>The outcome-advantage estimator of an RL algorithm (verl <c>core_algos</c> <c>adv_estimator</c>).</summary>
public enum AdvantageEstimator
{
    /// <summary>Not an RL algorithm.</summary>
    None,
    /// <summary>RAFT++: max(r, 0) (verl <c>compute_raft_outcome_advantage</c>).</summary>
    RaftPlusPlus,
    /// <summary>
    /// GRPO: group-centred, divided by the group std unless <c>optim.normalize_by_std</c> is false (verl
    /// <c>compute_grpo_outcome_advantage</c>).
    /// </summary>
    Grpo,
    /// <summary>Dr. GRPO: group-centred r − mean, never divided by the std (verl <c>norm_adv_by_std_in_grpo=False</c>).</summary>
    DrGrpo,
}

/// <summary>How the policy loss of a mini-batch is aggregated over response tokens (verl <c>agg_loss</c>'s <c>loss_agg_mode</c>).</summary>
public enum LossAggregationMode
{
    /// <summary>Not an RL algorithm (no policy loss).</summary>
    None,
    /// <summary>"token-mean": every response token of the mini-batch weighs the same (verl default, DAPO).</summary>
    TokenMean,
    /// <summary>
    /// "seq-mean-token-sum-norm" (Dr. GRPO): each response's token-sum divided by a constant (<c>sampling.max_new_tokens</c>),
    /// averaged over the mini-batch's responses, so a long response is not down-weighted per token.
    /// </summary>
    SeqMeanTokenSumNorm,
}

/// <summary>What a planning estimate of one step scales with (<see cref="StepCost"/>).</summary>
public enum CostBasis
{
    /// <summary>Seconds per SFT step of batch 64, scaled by <c>optim.batch_size</c> / 64.</summary>
    SftStep,
    /// <summary>Seconds per RL step of 16 prompts × 8 samples × 64 tokens, scaled by the spec's prompts × samples × tokens.</summary>
    RlStep,
    /// <summary>No training steps: one evaluation.</summary>
    EvalOnly,
    /// <summary>No training steps: the variance study's own cost model.</summary>
    Study,
}

/// <summary>The planner's cost facts of an algorithm on the 2-core CPU reference machine (shared/docs/calibration.md).</summary>
public sealed record StepCost(CostBasis Basis, double Seconds);

/// <summary>
/// Every fact about one algorithm. <see cref="UniformBaseline"/> is the fairness pairing: a GVM algorithm names the
/// uniform algorithm it is compared with (same advantage and loss, uniform allocation); the reverse direction is
/// <see cref="Algorithms.GvmCandidateOf"/>.
/// </summary>
public sealed record AlgorithmInfo(
    Algorithm Value,
    string Name,
    string Display,
    AlgorithmRole Role,
    SampleAllocation Allocation,
    AdvantageEstimator Advantage,
    LossAggregationMode Loss,
    StepCost Cost,
    Algorithm? UniformBaseline = null)
{
    public bool IsRl => Role == AlgorithmRole.Rl;

    public bool UsesGvm => Allocation == SampleAllocation.Gvm;

    /// <summary>Trains nothing and only reads <c>model.checkpoint</c> (eval, variance_study).</summary>
    public bool TrainsNothing => Role switch
    {
        AlgorithmRole.Supervised or AlgorithmRole.Rl => false,
        AlgorithmRole.Eval or AlgorithmRole.Study => true,
    };

    /// <summary>GRPO-style: the advantage is centred on the prompt's group (so a group of one sample has no baseline).</summary>
    public bool IsGroupBased => Advantage switch
    {
        AdvantageEstimator.None or AdvantageEstimator.RaftPlusPlus => false,
        AdvantageEstimator.Grpo or AdvantageEstimator.DrGrpo => true,
    };
}

/// <summary>
/// The algorithm registry: one <see cref="AlgorithmInfo"/> per <see cref="Algorithm"/>. The trainer, planner, grid
/// parser, run estimator and fairness checker read these facts instead of naming algorithms. Adding an algorithm: an
/// enum value and its entry here (the switch in <see cref="Info"/> has no default arm, so a missing entry is a compile
/// error, CS8509), plus an estimator or aggregation arm in Gvm.Training if it brings a new one (docs/architecture.md).
/// </summary>
public static class Algorithms
{
    // Planning costs per step, measured on the reference machine (shared/docs/calibration.md).
    private static readonly StepCost RlUniformRaft = new(CostBasis.RlStep, 0.77);
    private static readonly StepCost RlUniformGrpo = new(CostBasis.RlStep, 0.40);
    private static readonly StepCost RlGvm = new(CostBasis.RlStep, 1.3);

    public static readonly AlgorithmInfo Sft = new(Algorithm.Sft, "sft", "SFT", AlgorithmRole.Supervised,
        SampleAllocation.None, AdvantageEstimator.None, LossAggregationMode.None, new(CostBasis.SftStep, 0.215));

    public static readonly AlgorithmInfo RaftPlusPlus = new(Algorithm.RaftPlusPlus, "raft_pp", "RAFT++", AlgorithmRole.Rl,
        SampleAllocation.Uniform, AdvantageEstimator.RaftPlusPlus, LossAggregationMode.TokenMean, RlUniformRaft);

    public static readonly AlgorithmInfo GvmRaftPlusPlus = new(Algorithm.GvmRaftPlusPlus, "gvm_raft_pp", "GVM-RAFT++", AlgorithmRole.Rl,
        SampleAllocation.Gvm, AdvantageEstimator.RaftPlusPlus, LossAggregationMode.TokenMean, RlGvm, UniformBaseline: Algorithm.RaftPlusPlus);

    public static readonly AlgorithmInfo Grpo = new(Algorithm.Grpo, "grpo", "GRPO", AlgorithmRole.Rl,
        SampleAllocation.Uniform, AdvantageEstimator.Grpo, LossAggregationMode.TokenMean, RlUniformGrpo);

    public static readonly AlgorithmInfo GvmGrpo = new(Algorithm.GvmGrpo, "gvm_grpo", "GVM-GRPO", AlgorithmRole.Rl,
        SampleAllocation.Gvm, AdvantageEstimator.Grpo, LossAggregationMode.TokenMean, RlGvm, UniformBaseline: Algorithm.Grpo);

    public static readonly AlgorithmInfo Eval = new(Algorithm.Eval, "eval", "Eval", AlgorithmRole.Eval,
        SampleAllocation.None, AdvantageEstimator.None, LossAggregationMode.None, new(CostBasis.EvalOnly, 0));

    public static readonly AlgorithmInfo VarianceStudy = new(Algorithm.VarianceStudy, "variance_study", "Variance study", AlgorithmRole.Study,
        SampleAllocation.None, AdvantageEstimator.None, LossAggregationMode.None, new(CostBasis.Study, 0));

    public static readonly AlgorithmInfo DrGrpo = new(Algorithm.DrGrpo, "dr_grpo", "Dr. GRPO", AlgorithmRole.Rl,
        SampleAllocation.Uniform, AdvantageEstimator.DrGrpo, LossAggregationMode.SeqMeanTokenSumNorm, RlUniformGrpo);

    /// <summary>The entry of <paramref name="a"/>. Exhaustive: an enum value without an entry fails the build.</summary>
    public static AlgorithmInfo Info(this Algorithm a) => a switch
    {
        Algorithm.Sft => Sft,
        Algorithm.RaftPlusPlus => RaftPlusPlus,
        Algorithm.GvmRaftPlusPlus => GvmRaftPlusPlus,
        Algorithm.Grpo => Grpo,
        Algorithm.GvmGrpo => GvmGrpo,
        Algorithm.Eval => Eval,
        Algorithm.VarianceStudy => VarianceStudy,
        Algorithm.DrGrpo => DrGrpo,
    };

    /// <summary>Every entry, in enum order (the order of names in messages and docs).</summary>
    public static IReadOnlyList<AlgorithmInfo> All { get; } = Enum.GetValues<Algorithm>().Select(a => a.Info()).ToArray();

    /// <summary>The RL entries, in enum order.</summary>
    public static IReadOnlyList<AlgorithmInfo> Rl { get; } = All.Where(i => i.IsRl).ToArray();

    /// <summary>The GVM algorithm whose uniform baseline is <paramref name="baseline"/>, if any (the fairness pairing).</summary>
    public static Algorithm? GvmCandidateOf(Algorithm baseline) =>
        All.FirstOrDefault(i => i.UniformBaseline == baseline)?.Value;

    /// <summary>"raft_pp, gvm_raft_pp, grpo or gvm_grpo": the RL names for messages.</summary>
    public static string RlNames(string lastSeparator = " or ")
    {
        var names = Rl.Select(i => i.Name).ToArray();
        return names.Length <= 1 ? string.Join("", names) : string.Join(", ", names[..^1]) + lastSeparator + names[^1];
    }
}

/// <summary>Names and the most used facts of <see cref="Algorithms"/> as extension methods on <see cref="Algorithm"/>.</summary>
public static class AlgorithmNames
{
    public static string ToName(this Algorithm a) => a.Info().Name;

    public static string ToDisplay(this Algorithm a) => a.Info().Display;

    public static bool UsesGvm(this Algorithm a) => a.Info().UsesGvm;

    public static bool IsRl(this Algorithm a) => a.Info().IsRl;

    /// <summary>Algorithms that train nothing and only read <c>model.checkpoint</c> (eval, variance_study).</summary>
    public static bool TrainsNothing(this Algorithm a) => a.Info().TrainsNothing;

    /// <summary>Parses "gvm_raft_pp", "GVM-RAFT++", "raft++" and similar spellings.</summary>
    public static bool TryParse(string? text, out Algorithm algorithm)
    {
        algorithm = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var key = Normalize(text);
        foreach (var t in Algorithms.All)
        {
            if (Normalize(t.Name) == key || Normalize(t.Display) == key)
            {
                algorithm = t.Value;
                return true;
            }
        }
        return false;
    }

    public static Algorithm Parse(string text) =>
        TryParse(text, out var a)
            ? a
            : throw new FormatException($"unknown algorithm '{text}'; supported: {string.Join(", ", Names)}");

    public static IReadOnlyList<string> Names { get; } = Algorithms.All.Select(t => t.Name).ToArray();

    private static string Normalize(string s) =>
        new string(s.ToLowerInvariant().Replace("++", "pp").Where(char.IsLetterOrDigit).ToArray());
}
