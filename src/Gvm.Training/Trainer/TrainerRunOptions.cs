namespace Gvm.Training.Trainer;

/// <summary>Process-level options of one trainer run (not part of the spec).</summary>
public sealed record TrainerRunOptions
{
    /// <summary>Simulated interruption: after this many steps in this process, checkpoint and exit 130 (0 = off).</summary>
    public int StopAfterSteps { get; init; }
    /// <summary>Register SIGTERM/SIGINT handlers (off in tests, which cancel through the token).</summary>
    public bool HandleSignals { get; init; } = true;
    /// <summary>Echo log lines to standard error.</summary>
    public bool Echo { get; init; } = true;
    /// <summary>How often status.json's heartbeat is rewritten, from a timer independent of steps (<c>gvm train --heartbeat</c>).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Resume even when the spec differs from the one the run directory was started with; the change is recorded.</summary>
    public bool AllowSpecChange { get; init; }
}
