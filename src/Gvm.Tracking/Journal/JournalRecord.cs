using Gvm.Core.Metrics;

namespace Gvm.Tracking.Journal;

/// <summary>Kinds of journal records (the <c>type</c> field of each JSON line).</summary>
public static class JournalRecordTypes
{
    /// <summary>sweep.jsonl: the experiment and, optionally, the sweep's parent run.</summary>
    public const string Sweep = "sweep";
    /// <summary>
    /// sweep.jsonl: a directory of files to attach to the parent run (all of it); runs/KEY.jsonl: the run's final
    /// files (Dir and the Files under it), journaled when the run succeeded or failed for good.
    /// </summary>
    public const string Artifacts = "artifacts";
    /// <summary>sweep.jsonl: the parent run's final status.</summary>
    public const string SweepEnd = "sweep_end";
    /// <summary>runs/KEY.jsonl: a run started (again): name, tags, params, parent key.</summary>
    public const string RunStart = "run_start";
    /// <summary>runs/KEY.jsonl: metric points in order.</summary>
    public const string Metrics = "metrics";
    /// <summary>runs/KEY.jsonl: the run's status and end time.</summary>
    public const string RunEnd = "run_end";
}

/// <summary>
/// One line of a tracking journal. Which fields are set depends on <see cref="Type"/>: <c>sweep</c> has
/// Experiment and, for a parent run, Key/Name/Tags/Params; <c>run_start</c> has Key, Name, Parent, Tags, Params;
/// <c>metrics</c> has Points; <c>run_end</c>/<c>sweep_end</c> have Status (an MLflow status name);
/// <c>artifacts</c> has Dir and, in a run journal, Files (paths relative to Dir; empty = every file under Dir). Time
/// is unix milliseconds.
/// </summary>
public sealed record JournalRecord
{
    public required string Type { get; init; }
    public long Time { get; init; }
    public string? Experiment { get; init; }
    public string? Key { get; init; }
    public string? Name { get; init; }
    /// <summary>run_start: the run key of the parent (sweep) run, if any.</summary>
    public string? Parent { get; init; }
    public string? Status { get; init; }
    public string? Dir { get; init; }
    /// <summary>artifacts: files relative to <see cref="Dir"/> with '/' separators; empty = every file under Dir.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> Params { get; init; } = [];
    public IReadOnlyList<MetricPoint> Points { get; init; } = [];
}
