using Gvm.Core.Runs;

namespace Gvm.Training.Study;

/// <summary>How one draw spends its samples over the shard's m prompts (JSON spelling in brackets).</summary>
public enum StudyAllocation
{
    /// <summary>n = samples_per_prompt responses per prompt ("uniform").</summary>
    Uniform,
    /// <summary>
    /// Fresh stage 1 (N' presamples per prompt, p_i, G_i) and the GVM allocation of the same stage-2 budget m·n
    /// (<see cref="Rl.GvmPresampler.Plan"/> with the spec's gvm options, uniform fallback included) ("gvm").
    /// </summary>
    Gvm,
    /// <summary>n + N' per prompt: uniform sampling that spends GVM's presamples on stage 2 ("uniform_equal_rollouts").</summary>
    UniformEqualRollouts,
}

/// <summary>Names of the study's estimators: {RAFT++, GRPO} × <see cref="StudyAllocation"/>.</summary>
public static class StudyEstimators
{
    /// <summary>The two algorithms, by their baseline names (the allocation says whether GVM samples).</summary>
    public static readonly IReadOnlyList<Algorithm> Algorithms = [Algorithm.RaftPlusPlus, Algorithm.Grpo];

    public static readonly IReadOnlyList<StudyAllocation> Allocations = [StudyAllocation.Uniform, StudyAllocation.Gvm, StudyAllocation.UniformEqualRollouts];

    public static string ToName(this StudyAllocation a) => a switch
    {
        StudyAllocation.Uniform => "uniform",
        StudyAllocation.Gvm => "gvm",
        StudyAllocation.UniformEqualRollouts => "uniform_equal_rollouts",
        _ => throw new ArgumentOutOfRangeException(nameof(a), a, "unknown allocation"),
    };

    /// <summary>Readable label, e.g. "GVM-GRPO" or "RAFT++ (n+N')".</summary>
    public static string Label(Algorithm algorithm, StudyAllocation allocation) => allocation switch
    {
        StudyAllocation.Uniform => algorithm.ToDisplay(),
        StudyAllocation.Gvm => "GVM-" + algorithm.ToDisplay(),
        _ => algorithm.ToDisplay() + " (n+N')",
    };
}
