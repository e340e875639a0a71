using Gvm.Core.Metrics;
using Gvm.Core.Sweeps;
using Gvm.Tracking.Journal;
using Gvm.Tracking.Mlflow;
using Gvm.Tracking.Tracking;

namespace Gvm.Tracking.Sweeps;

/// <summary>
/// The sweep tracker: every call is appended to the journal under <c>SWEEP_DIR/tracking</c> (a local file write),
/// then the optional <see cref="BackgroundSender"/> is nudged to forward it. Nothing here waits on the network, so a
/// slow or absent tracking server never blocks or fails a run. A run that ends succeeded or failed has its final
/// files (<see cref="RunArtifacts"/>) journaled as artifacts of its child run, once, before its end record.
/// </summary>
public sealed class JournalSweepTracker : ISweepTracker
{
    private readonly JournalWriter _journal;
    private readonly BackgroundSender? _sender;
    private readonly TimeProvider _time;
    private readonly string? _gitCommit;
    private readonly string? _experimentName;
    private readonly HashSet<string> _open = new(StringComparer.Ordinal);
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private SweepPlan? _plan;
    private bool _sweepEnded;

    /// <param name="sweepDir">The sweep directory (journal under tracking/, run files under runs/).</param>
    /// <param name="sender">Forwards the journal to a server; null = journal only.</param>
    /// <param name="time">Clock of the journal records.</param>
    /// <param name="experimentName">MLflow experiment of the sweep's runs (MLFLOW_EXPERIMENT_NAME); null = the grid's name.</param>
    public JournalSweepTracker(string sweepDir, BackgroundSender? sender = null, TimeProvider? time = null, string? experimentName = null)
    {
        SweepDir = sweepDir;
        _experimentName = string.IsNullOrWhiteSpace(experimentName) ? null : experimentName.Trim();
        _journal = new JournalWriter(sweepDir);
        _sender = sender;
        _time = time ?? TimeProvider.System;
        _gitCommit = GitCommit.TryRead(Directory.GetCurrentDirectory());
    }

    public string SweepDir { get; }

    /// <summary>The background sender, when a tracking server is configured.</summary>
    public BackgroundSender? Sender => _sender;

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public Task StartSweepAsync(SweepPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var key = SweepDescriptions.ParentKey(plan);
        var tags = SweepDescriptions.ParentTags(plan, GitCommit.TryRead(Path.GetDirectoryName(Path.GetFullPath(plan.Grid.Length > 0 ? plan.Grid : ".")) ?? ".") ?? _gitCommit);
        tags.Add(new(TrackingKeys.RunKey, key));
        lock (_gate) (_plan, _sweepEnded) = (plan, false);
        _journal.AppendSweep(new JournalRecord
        {
            Type = JournalRecordTypes.Sweep,
            Time = Now,
            Experiment = _experimentName ?? SweepDescriptions.ExperimentName(plan),
            Key = key,
            Name = SweepDescriptions.ExperimentName(plan),
            Tags = tags,
            Params = SweepDescriptions.ParentParams(plan),
        });
        _sender?.Signal();
        return Task.CompletedTask;
    }

    public Task StartRunAsync(PlannedRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrEmpty(run.RunId);
        SweepPlan? plan;
        lock (_gate)
        {
            plan = _plan;
            _open.Add(run.RunId);
            _started.Add(run.RunId);
        }
        var tags = SweepDescriptions.RunTags(plan, run, _gitCommit);
        tags.Add(new(TrackingKeys.RunKey, run.RunId));
        _journal.AppendRun(run.RunId, new JournalRecord
        {
            Type = JournalRecordTypes.RunStart,
            Time = Now,
            Key = run.RunId,
            Name = string.IsNullOrEmpty(run.Name) ? run.RunId : run.Name,
            Parent = plan is null ? null : SweepDescriptions.ParentKey(plan),
            Tags = tags,
            Params = SweepDescriptions.RunParams(run),
        });
        _sender?.Signal();
        return Task.CompletedTask;
    }

    public Task LogMetricsAsync(string runId, IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        if (points.Count == 0) return Task.CompletedTask;
        foreach (var p in points)
        {
            // checked here, not at the server: a batch the server refuses would stall forwarding of this run
            TrackingKeys.EnsureValidKey(p.Key, "metric");
            if (p.TimestampMs < 0) throw new ArgumentOutOfRangeException(nameof(points), $"metric '{p.Key}' at step {p.Step} has a negative timestamp");
        }
        EnsureStarted(runId);
        _journal.AppendRun(runId, new JournalRecord { Type = JournalRecordTypes.Metrics, Time = Now, Points = points.ToArray() });
        _sender?.Signal();
        return Task.CompletedTask;
    }

    public Task EndRunAsync(string runId, string state, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        EnsureStarted(runId);
        lock (_gate) _open.Remove(runId);
        var status = MlflowRunStatusNames.FromLedgerState(state);
        if (status is MlflowRunStatus.Finished or MlflowRunStatus.Failed)
        {
            // The trainer has exited: its files are final. A cancelled run resumes later and is attached when it ends.
            var runDir = Path.GetFullPath(SweepLayout.RunDir(SweepDir, runId));
            var files = RunArtifacts.Collect(runDir);
            if (files.Count > 0)
                _journal.AppendRun(runId, new JournalRecord { Type = JournalRecordTypes.Artifacts, Time = Now, Dir = runDir, Files = files });
        }
        _journal.AppendRun(runId, new JournalRecord
        {
            Type = JournalRecordTypes.RunEnd,
            Time = Now,
            Status = status.ToWire(),
        });
        _sender?.Signal();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Metrics or an end for a run this tracker has not started (a resumed orchestrator, or a call out of order):
    /// journal a minimal start so the forwarder can create or find the run by its key instead of stalling.
    /// </summary>
    private void EnsureStarted(string runId)
    {
        SweepPlan? plan;
        lock (_gate)
        {
            if (!_started.Add(runId)) return;
            plan = _plan;
        }
        _journal.AppendRun(runId, new JournalRecord
        {
            Type = JournalRecordTypes.RunStart,
            Time = Now,
            Key = runId,
            Name = runId,
            Parent = plan is null ? null : SweepDescriptions.ParentKey(plan),
            Tags = [new(TrackingKeys.RunKey, runId)],
        });
    }

    public Task LogSweepArtifactsAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _journal.AppendSweep(new JournalRecord { Type = JournalRecordTypes.Artifacts, Time = Now, Dir = Path.GetFullPath(directory) });
        _sender?.Signal();
        return Task.CompletedTask;
    }

    public Task EndSweepAsync(string state, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_plan is null || _sweepEnded) return Task.CompletedTask;
            _sweepEnded = true;
        }
        _journal.AppendSweep(new JournalRecord { Type = JournalRecordTypes.SweepEnd, Time = Now, Status = MlflowRunStatusNames.FromLedgerState(state).ToWire() });
        _sender?.Signal();
        return Task.CompletedTask;
    }

    /// <summary>Ends the parent run if the orchestrator did not (FINISHED when every started run ended, else KILLED), then drains the sender.</summary>
    public async ValueTask DisposeAsync()
    {
        bool allEnded;
        lock (_gate) allEnded = _open.Count == 0;
        await EndSweepAsync(allEnded ? "succeeded" : "cancelled").ConfigureAwait(false);
        if (_sender is not null) await _sender.DisposeAsync().ConfigureAwait(false);
        _journal.Dispose();
    }
}
