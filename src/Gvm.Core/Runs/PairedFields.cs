namespace Gvm.Core.Runs;

/// <summary>
/// The one definition of what the two runs of a comparison pair must share, by spec path (a path covers its
/// sub-fields: "task" covers "task.levels"; see <see cref="SpecPaths.Under"/>). The planner refuses a pair that differs in
/// <see cref="Prompts"/>, <see cref="StartModel"/>, <see cref="Budget"/> or <see cref="Eval"/> before anything runs;
/// the report's fairness check flags a difference in any group, and in any other field outside <see cref="AlgorithmOwn"/>.
/// </summary>
public static class PairedFields
{
    /// <summary>What names a run rather than configures it: never a difference.</summary>
    public static readonly IReadOnlyList<string> Labels = ["algorithm", "name"];

    /// <summary>What may legitimately differ: the algorithm and its GVM settings (except <see cref="Updates"/>' gvm.reset_each_iteration).</summary>
    public static readonly IReadOnlyList<string> AlgorithmOwn = [.. Labels, "gvm", "sampling.presamples"];

    /// <summary>The same prompts in the same order: data and split, run seed (shuffle), shard schedule.</summary>
    public static readonly IReadOnlyList<string> Prompts =
        ["seed", "task", "sampling.prompts_per_step", "schedule.steps", "schedule.steps_per_iteration"];

    /// <summary>The same start: model (preset or checkpoint, device, dtype) and intra-op threads (reproducibility).</summary>
    public static readonly IReadOnlyList<string> StartModel = ["model", "threads"];

    /// <summary>The same stage-2 budget: N × prompts per step × steps samples of at most max_new_tokens tokens.</summary>
    public static readonly IReadOnlyList<string> Budget =
        ["sampling.samples_per_prompt", "sampling.max_new_tokens", "sampling.prompts_per_step", "schedule.steps"];

    /// <summary>The same eval protocol (problems, benchmarks, lengths, samples) and cadence.</summary>
    public static readonly IReadOnlyList<string> Eval = ["eval", "schedule.eval_every"];

    /// <summary>The same optimizer-update semantics (flagged in reports; a deliberate ablation may differ here, so planning only lists it).</summary>
    public static readonly IReadOnlyList<string> Updates =
        ["optim.mini_batch_size", "optim.ppo_epochs", "optim.authors_update_ratio", "gvm.reset_each_iteration"];

    /// <summary>The same group baseline of group-based algorithms (GRPO's std normalisation).</summary>
    public static readonly IReadOnlyList<string> GroupBaseline = ["optim.normalize_by_std"];
}
