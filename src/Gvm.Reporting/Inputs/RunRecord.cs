using Gvm.Core.Runs;
using Gvm.Core.Runs.Files;
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
    /// <summary>pass_rates.jsonl: accepted / sampled per prompt in stage 2 (empty when the run does not write it).</summary>
    public IReadOnlyList<PassRateRecord> PassRates { get; init; } = [];
    /// <summary>status.json's message (why a run stopped), if any.</summary>
    public string? StatusMessage { get; init; }
    /// <summary>The last non-empty line of train.log, read only for runs that ended without succeeding.</summary>
    public string? LogLastLine { get; init; }

    public string RunId => Planned.RunId;
    public Algorithm Algorithm => Spec.Algorithm;
    public int Seed => Spec.Seed;

    /// <summary>A run is complete when result.json exists with state succeeded.</summary>
    public bool Complete => Result is not null && Result.State == "succeeded";

    /// <summary>Ended without succeeding: failed, diverged, interrupted or cancelled (not pending, starting or running).</summary>
    public bool Failed => !Complete && State is not ("succeeded" or "running" or "starting" or "pending" or "not started");

    /// <summary>One line on why a run failed: status.json's message, else train.log's last line, else the ledger's message.</summary>
    public string FailureReason => !Failed ? ""
        : FirstNonEmpty(StatusMessage, LogLastLine, Ledger?.Message) ?? "no message in status.json, train.log or the ledger";

    private static string? FirstNonEmpty(params string?[] values) =>
        values.Select(v => v?.ReplaceLineEndings(" ").Trim()).FirstOrDefault(v => !string.IsNullOrEmpty(v));
}
