namespace Gvm.Core.Runs;

/// <summary>
/// Options of <c>algorithm: variance_study</c> (spec section <c>study</c>; <c>gvm study variance</c> takes the same as
/// command-line options). The study's seed is the spec's <c>seed</c>. See docs/trainer.md, "Measuring the variance claim".
/// </summary>
public sealed record StudyOptions
{
    /// <summary>Disjoint shards of train prompts, each with its own reference gradient.</summary>
    public int Shards { get; init; } = 4;
    /// <summary>Train prompts per shard (one draw = one step's gradient over these prompts).</summary>
    public int Prompts { get; init; } = 64;
    /// <summary>Responses per prompt for the reference gradient (even: its two halves give the split-half cosine).</summary>
    public int ReferenceSamples { get; init; } = 64;
    /// <summary>Independent draws of each estimator per shard.</summary>
    public int Repeats { get; init; } = 20;

    /// <summary>Problems as (dotted field path, message); empty when valid.</summary>
    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var e = new List<(string, string)>();
        if (Shards < 1) e.Add(("study.shards", "must be >= 1"));
        if (Prompts < 1) e.Add(("study.prompts", "must be >= 1"));
        if (ReferenceSamples < 4 || ReferenceSamples % 2 != 0)
            e.Add(("study.reference_samples", "must be even and >= 4 (two halves of at least 2 for leave-one-out baselines)"));
        if (Repeats < 2) e.Add(("study.repeats", "must be >= 2 (a variance and an interval need two draws)"));
        return e;
    }
}
