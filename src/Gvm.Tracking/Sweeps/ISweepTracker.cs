using Gvm.Core.Metrics;
using Gvm.Core.Sweeps;

namespace Gvm.Tracking.Sweeps;

/// <summary>
/// What the orchestrator tells tracking during a sweep. Implementations must never block or fail a run because a
/// tracking server is unreachable (journal first, forward later).
/// </summary>
public interface ISweepTracker : IAsyncDisposable
{
    /// <summary>Creates (or finds, by its sweep id) the parent run of the sweep.</summary>
    Task StartSweepAsync(SweepPlan plan, CancellationToken cancellationToken = default);

    /// <summary>Creates (or finds, by <c>gvm.run_key</c> = run id) the child run for a planned run.</summary>
    Task StartRunAsync(PlannedRun run, CancellationToken cancellationToken = default);

    /// <summary>Records new metric points of a run, in order.</summary>
    Task LogMetricsAsync(string runId, IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default);

    /// <summary>Marks a run finished with a ledger state (succeeded, failed, cancelled).</summary>
    Task EndRunAsync(string runId, string state, CancellationToken cancellationToken = default);

    /// <summary>Attaches the files of a directory (reports, plots) to the sweep's parent run.</summary>
    Task LogSweepArtifactsAsync(string directory, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends the sweep's parent run with a ledger state. Optional: disposal ends it too (finished when every started
    /// run has ended, else killed). Default implementation does nothing.
    /// </summary>
    Task EndSweepAsync(string state, CancellationToken cancellationToken = default) => Task.CompletedTask;
}

/// <summary>A tracker that records nothing.</summary>
public sealed class NullSweepTracker : ISweepTracker
{
    public static readonly NullSweepTracker Instance = new();
    public Task StartSweepAsync(SweepPlan plan, CancellationToken cancellationToken = default) => Task.CompletedTask;
    public Task StartRunAsync(PlannedRun run, CancellationToken cancellationToken = default) => Task.CompletedTask;
    public Task LogMetricsAsync(string runId, IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default) => Task.CompletedTask;
    public Task EndRunAsync(string runId, string state, CancellationToken cancellationToken = default) => Task.CompletedTask;
    public Task LogSweepArtifactsAsync(string directory, CancellationToken cancellationToken = default) => Task.CompletedTask;
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
