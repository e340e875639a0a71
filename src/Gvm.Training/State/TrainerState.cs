namespace Gvm.Training.State;

/// <summary>
/// Everything besides model and optimizer tensors that a resumed run needs to continue bit-for-bit: the last
/// completed step, cumulative counters, and the current EM iteration's allocation. The sampling RNG streams are
/// derived from (seed, step, phase), so the step number is their state (see <see cref="RunSeeds"/>).
/// </summary>
public sealed record TrainerState
{
    /// <summary>Steps completed (the next step to run).</summary>
    public int Step { get; init; }
    /// <summary>Index of the next train prompt in the seeded data order.</summary>
    public long DataCursor { get; init; }
    public double SamplesTotal { get; init; }
    public double Rollouts { get; init; }
    public double Tokens { get; init; }
    public double OptimizerUpdates { get; init; }
    public double Seconds { get; init; }
    /// <summary>The allocation of the EM iteration in progress (GVM with scope "iteration"), or null.</summary>
    public IterationPlan? Plan { get; init; }
    /// <summary>Latest values of every metric, for result.json.</summary>
    public Dictionary<string, double> Last { get; init; } = new();
}

/// <summary>
/// The stage-2 allocation of one EM iteration: n_i for each shard prompt (by train index), with p_i and G_i, in the order
/// the iteration's steps take them (consecutive groups of prompts_per_step). <see cref="UniformFallback"/>: the GVM
/// allocation allocated nothing and the uniform split is used instead.
/// </summary>
public sealed record IterationPlan(int Iteration, int[] PromptIndices, int[] SampleSizes, double[] AcceptRates, double[] GradNorms,
    bool UniformFallback = false);
