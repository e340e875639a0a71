namespace Gvm.Training.Trainer;

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

/// <summary>Seeds for the per-step random streams (stable across processes: no string hashing).</summary>
public static class RunSeeds
{
    public const int Sampling = 1, Presampling = 2, Shuffle = 3, DataOrder = 4, Init = 5;

    public static ulong Of(int seed, long step, int phase)
    {
        unchecked
        {
            var x = (ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)step * 0xBF58476D1CE4E5B9UL ^ (ulong)phase * 0x94D049BB133111EBUL;
            x ^= x >> 31;
            x *= 0xD6E8FEB86659FD93UL;
            return x ^ (x >> 32);
        }
    }

    public static int Int(int seed, long step, int phase) => (int)(Of(seed, step, phase) & 0x7FFFFFFF);
}
