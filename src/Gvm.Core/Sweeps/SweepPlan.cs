using System.Text.Json;
using Gvm.Core.Runs;

namespace Gvm.Core.Sweeps;

/// <summary>
/// The resolved plan of a sweep, written by the orchestrator as <c>plan.json</c> in the sweep directory and read by
/// reports and tracking. Run ids are stable content hashes of the resolved specs.
/// </summary>
public sealed record SweepPlan
{
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    /// <summary>Path of the grid file this plan came from.</summary>
    public string Grid { get; init; } = "";
    /// <summary>Stable id of the sweep (hash of the grid name and its run ids).</summary>
    public string SweepId { get; init; } = "";
    public IReadOnlyList<PlannedRun> Runs { get; init; } = [];
    public IReadOnlyList<ComparisonPair> Pairs { get; init; } = [];

    public static SweepPlan Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<SweepPlan>(File.ReadAllText(path), GvmJson.Options)
                ?? throw new InvalidDataException($"{path}: empty plan");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Path}: {e.Message}", e);
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, GvmJson.Options);
}

public sealed record PlannedRun
{
    public string RunId { get; init; } = "";
    /// <summary>Human-readable name, e.g. "rl/gvm_grpo/seed=1".</summary>
    public string Name { get; init; } = "";
    public string Stage { get; init; } = "";
    /// <summary>Run ids this run waits for (its stage's <c>needs</c>).</summary>
    public IReadOnlyList<string> Needs { get; init; } = [];
    /// <summary>The axis values of this grid cell (axis name → value as text).</summary>
    public IReadOnlyDictionary<string, string> Cell { get; init; } = new Dictionary<string, string>();
    public RunResources Resources { get; init; } = new();
    public RunSpec Spec { get; init; } = new();
    public double EstimatedSeconds { get; init; }
}

public sealed record RunResources
{
    public int Gpus { get; init; }
    public int Cpus { get; init; } = 1;
    public int MemoryMb { get; init; }
    /// <summary>Wall-clock limit in seconds (0 = none).</summary>
    public double TimeoutSeconds { get; init; }
}

/// <summary>
/// A declared comparison: baseline and candidate runs that differ only in the algorithm, or, for an ablation pair, in
/// the axis values its sides name as well (their labels say which).
/// </summary>
public sealed record ComparisonPair
{
    /// <summary>e.g. "RAFT++ vs GVM-RAFT++".</summary>
    public string Name { get; init; } = "";
    public Algorithm Baseline { get; init; }
    public Algorithm Candidate { get; init; }
    /// <summary>How the report names the baseline arm: the algorithm's display name, with the ablated axis values if any
    /// (empty in plans written before labels existed: use <see cref="BaselineName"/>).</summary>
    public string BaselineLabel { get; init; } = "";
    public string CandidateLabel { get; init; } = "";

    /// <summary>The baseline arm's label, or the algorithm's display name when the plan has none.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string BaselineName => string.IsNullOrEmpty(BaselineLabel) ? Baseline.ToDisplay() : BaselineLabel;

    [System.Text.Json.Serialization.JsonIgnore]
    public string CandidateName => string.IsNullOrEmpty(CandidateLabel) ? Candidate.ToDisplay() : CandidateLabel;

    /// <summary>True when both arms use the same algorithm (an ablation of one of its settings).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsAblation => Baseline == Candidate;
    public string BaselineRunId { get; init; } = "";
    public string CandidateRunId { get; init; } = "";
    public int Seed { get; init; }
    /// <summary>The shared axis values (model, budget, ...) apart from algorithm.</summary>
    public IReadOnlyDictionary<string, string> Cell { get; init; } = new Dictionary<string, string>();
}

/// <summary>Paths inside a sweep directory.</summary>
public static class SweepLayout
{
    public const string PlanFile = "plan.json";
    public const string LedgerFile = "ledger.db";
    public const string RunsDir = "runs";
    public const string TrackingDir = "tracking";
    public const string ReportDir = "report";

    public static string RunDir(string sweepDir, string runId) => Path.Combine(sweepDir, RunsDir, runId);
}
