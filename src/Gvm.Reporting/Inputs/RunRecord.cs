using Gvm.Core.Runs;
using Gvm.Core.Sweeps;

namespace Gvm.Reporting.Inputs;

/// <summary>Everything the report reads about one planned run.</summary>
public sealed record RunRecord
{
    public required PlannedRun Planned { get; init; }
    /// <summary>The resolved spec: the run directory's spec.json when present, else the plan's.</summary>
    public required RunSpec Spec { get; init; }
    /// <summary>result.json's state, else status.json's, else the ledger's, else "not started".</summary>
    public required string State { get; init; }
    public RunResult? Result { get; init; }
    /// <summary>The ledger's row (attempts, exit code); null when the sweep directory has no ledger or it lacks the run.</summary>
    public LedgerEntry? Ledger { get; init; }
    public IReadOnlyList<MetricRecord> Metrics { get; init; } = [];
    public IReadOnlyList<AllocationRecord> Allocations { get; init; } = [];

    public string RunId => Planned.RunId;
    public Algorithm Algorithm => Spec.Algorithm;
    public int Seed => Spec.Seed;

    /// <summary>A run is complete when result.json exists with state succeeded.</summary>
    public bool Complete => Result is not null && Result.State == "succeeded";
}
