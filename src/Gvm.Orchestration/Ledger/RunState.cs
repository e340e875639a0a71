using Gvm.Core.Sweeps;

namespace Gvm.Orchestration.Ledger;

/// <summary>The state of a run in the ledger.</summary>
public enum RunState
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

public static class RunStates
{
    public static string ToName(this RunState s) => s switch
    {
        RunState.Pending => LedgerSchema.States.Pending,
        RunState.Running => LedgerSchema.States.Running,
        RunState.Succeeded => LedgerSchema.States.Succeeded,
        RunState.Failed => LedgerSchema.States.Failed,
        RunState.Cancelled => LedgerSchema.States.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, "unknown run state"),
    };

    public static RunState Parse(string text) => text switch
    {
        LedgerSchema.States.Pending => RunState.Pending,
        LedgerSchema.States.Running => RunState.Running,
        LedgerSchema.States.Succeeded => RunState.Succeeded,
        LedgerSchema.States.Failed => RunState.Failed,
        LedgerSchema.States.Cancelled => RunState.Cancelled,
        _ => throw new LedgerException($"unknown run state '{text}'; expected pending, running, succeeded, failed or cancelled"),
    };

    /// <summary>
    /// Allowed transitions. running → running records a re-attach; running → pending is a retry or a restart after the orchestrator died;
    /// failed/cancelled → pending happens when a sweep is run again.
    /// </summary>
    public static bool CanMove(RunState from, RunState to) => (from, to) switch
    {
        (RunState.Pending, RunState.Running or RunState.Cancelled) => true,
        (RunState.Running, RunState.Running or RunState.Succeeded or RunState.Failed or RunState.Cancelled or RunState.Pending) => true,
        (RunState.Failed or RunState.Cancelled, RunState.Pending) => true,
        _ => false,
    };
}

/// <summary>A ledger that cannot be read or a transition the state machine forbids.</summary>
public sealed class LedgerException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>One run's row in the ledger.</summary>
public sealed record LedgerRow
{
    public required string RunId { get; init; }
    public required string Name { get; init; }
    public required string Stage { get; init; }
    public RunState State { get; init; }
    /// <summary>Attempts started so far (over every sweep invocation).</summary>
    public int Attempts { get; init; }
    /// <summary>Failed attempts in the current invocation (the retry budget).</summary>
    public int Failures { get; init; }
    public int? ExitCode { get; init; }
    public string? Launcher { get; init; }
    /// <summary>Launcher handle of the current attempt (pid, container id, job id).</summary>
    public string? Handle { get; init; }
    /// <summary>GPU ids of the slot, comma-separated ("" on CPU).</summary>
    public string Gpus { get; init; } = "";
    public string? TrackingId { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    /// <summary>Earliest time of the next attempt (retry backoff).</summary>
    public DateTimeOffset? RetryAt { get; init; }
    public string? Message { get; init; }
    /// <summary>Bytes of metrics.jsonl already forwarded to tracking.</summary>
    public long MetricsOffset { get; init; }
}
