namespace Gvm.Reporting.Fairness;

public enum FairnessStatus
{
    Ok,
    /// <summary>The pair differs in something that should be equal (or a cost cannot be checked): shown, never hidden.</summary>
    Flag,
    NotApplicable,
}

/// <summary>One fairness check of one declared pair (one seed).</summary>
public sealed record FairnessRow
{
    public string Pair { get; init; } = "";
    public string Group { get; init; } = "";
    public int Seed { get; init; }
    public string Check { get; init; } = "";
    public FairnessStatus Status { get; init; }
    public string Baseline { get; init; } = "";
    public string Candidate { get; init; } = "";
    /// <summary>What differs, or why the check does not apply.</summary>
    public string Note { get; init; } = "";
}
