using Gvm.Core.Runs;
using Gvm.Core.Sweeps;
using Gvm.Orchestration.Launchers;
using Gvm.Orchestration.Ledger;
using Gvm.Orchestration.Metrics;
using Gvm.Orchestration.Progress;
using Gvm.Tracking.Sweeps;

namespace Gvm.Orchestration.Scheduling;

/// <summary>
/// Runs a sweep plan: re-attaches to attempts that outlived a previous orchestrator, starts runs whose needs have
/// succeeded as slots free up, follows each attempt (metrics to tracking, progress, timeout), retries failures with
/// backoff, and on cancellation stops every attempt gracefully and records it as cancelled. Every state change is
/// a ledger transaction, so the sweep can be killed at any moment and resumed by running it again.
/// </summary>
public sealed class SweepScheduler(
    SweepPlan plan, string sweepDir, SweepLedger ledger, IRunLauncher launcher, ISweepTracker tracker,
    ISweepProgress progress, SchedulerOptions options)
{
    private readonly SchedulerOptions _options = options.Validate();
    private readonly SlotPool _slots = new(options.Gpus, options.Parallel);
    private readonly Dictionary<string, ActiveRun> _active = new();
    private readonly Dictionary<string, PlannedRun> _runs = plan.Runs.ToDictionary(r => r.RunId);
    private bool _failFastTripped;
    /// <summary>Handles of need attempts that a dependent's launcher reported as never succeeding (afterok failed).</summary>
    private readonly HashSet<string> _failedNeedHandles = [];

    public async Task<SweepOutcome> RunAsync(CancellationToken cancellationToken = default)
    {
        CheckResources();
        ledger.SyncPlan(plan);
        await tracker.StartSweepAsync(plan, CancellationToken.None).ConfigureAwait(false);
        await RecoverAsync(cancellationToken).ConfigureAwait(false);

        var cancelled = Task.Delay(Timeout.Infinite, cancellationToken);
        while (!cancellationToken.IsCancellationRequested && !_failFastTripped)
        {
            var rows = ledger.All().Where(r => _runs.ContainsKey(r.RunId)).ToDictionary(r => r.RunId);
            CancelBlocked(rows);
            await StartReadyAsync(rows, cancellationToken).ConfigureAwait(false);
            var pending = rows.Values.Where(r => r.State == RunState.Pending && !_active.ContainsKey(r.RunId)).ToList();
            if (_active.Count == 0 && pending.Count == 0) break;

            var waits = _active.Values.Select(a => (Task)a.Monitor).ToList();
            var nextRetry = pending.Where(r => r.RetryAt is not null).Select(r => r.RetryAt!.Value).DefaultIfEmpty().Min();
            if (nextRetry != default) waits.Add(Task.Delay(Max(nextRetry - DateTimeOffset.UtcNow, TimeSpan.Zero), cancellationToken));
            if (waits.Count == 0) throw new SchedulerException("no run can start: pending runs wait on runs that are not in this plan");
            waits.Add(cancelled);
            await Task.WhenAny(waits).ConfigureAwait(false);

            foreach (var done in _active.Values.Where(a => a.Monitor.IsCompleted).ToList())
                await CompleteAsync(done, await done.Monitor.ConfigureAwait(false)).ConfigureAwait(false);
        }

        var stopped = cancellationToken.IsCancellationRequested || _failFastTripped;
        if (stopped) await StopAllAsync(cancellationToken.IsCancellationRequested ? "sweep cancelled" : "fail-fast").ConfigureAwait(false);
        var final = ledger.All().Where(r => _runs.ContainsKey(r.RunId)).ToList();
        return new SweepOutcome(
            final.Count(r => r.State == RunState.Succeeded), final.Count(r => r.State == RunState.Failed),
            final.Count(r => r.State == RunState.Cancelled), final.Count(r => r.State is RunState.Pending or RunState.Running),
            stopped);
    }

    private void CheckResources()
    {
        foreach (var run in plan.Runs)
        {
            if (run.Resources.Gpus > _slots.Gpus.Count)
                throw new SchedulerException(
                    $"run {run.Name} needs {run.Resources.Gpus} GPU(s) but this host offers {_slots.Gpus.Count} (use --gpus or a GPU host)");
        }
    }

    /// <summary>After a restart: re-attach live attempts, restart the others, stop leftovers of finished rows.</summary>
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        foreach (var row in ledger.All())
        {
            if (!_runs.TryGetValue(row.RunId, out var run) || row.State == RunState.Succeeded) continue;
            if (row.State != RunState.Running && row.Handle is null) continue;
            var handle = await launcher.AttachAsync(Request(run, row.Attempts, ParseGpus(row.Gpus)), row.Handle, cancellationToken).ConfigureAwait(false);
            if (row.State == RunState.Running && handle is not null && _slots.TryAcquireExact(ParseGpus(row.Gpus)))
            {
                var active = Track(run, handle, ParseGpus(row.Gpus), row.StartedAt ?? DateTimeOffset.UtcNow, row.MetricsOffset);
                ledger.Transition(run.RunId, RunState.Running, $"attempt {row.Attempts} re-attached after an orchestrator restart",
                    r => r with { Handle = handle.Id });
                Report(active, RunState.Running, row.Attempts, "re-attached after an orchestrator restart");
                continue;
            }
            if (handle is not null) await launcher.CancelAsync(handle, _options.CancelGrace, cancellationToken).ConfigureAwait(false);
            if (row.State == RunState.Running && handle is null && await FinishedWhileAwayAsync(run, row).ConfigureAwait(false)) continue;
            if (row.State == RunState.Running)
            {
                ledger.Transition(run.RunId, RunState.Pending, $"attempt {row.Attempts} lost with the orchestrator; restarting from checkpoint",
                    r => r with { Handle = null, Message = "restarted after an orchestrator restart" });
            }
            else
            {
                ledger.Update(run.RunId, r => r with { Handle = null });
            }
        }
    }

    /// <summary>An attempt that completed while no orchestrator watched: forward its last metrics and record it, never rerun it.</summary>
    private async Task<bool> FinishedWhileAwayAsync(PlannedRun run, LedgerRow row)
    {
        var runDir = SweepLayout.RunDir(sweepDir, run.RunId);
        if (RunStatusFile.ReadResultState(runDir) != "succeeded") return false;
        var metrics = Path.Combine(runDir, RunFiles.Metrics);
        var chunk = await MetricsTail.ReadAsync(metrics, row.MetricsOffset, MetricsTail.MaxStep(metrics, row.MetricsOffset)).ConfigureAwait(false);
        if (chunk.Points.Count > 0) await tracker.LogMetricsAsync(run.RunId, chunk.Points, CancellationToken.None).ConfigureAwait(false);
        ledger.Transition(run.RunId, RunState.Succeeded, $"attempt {row.Attempts} succeeded while the orchestrator was down",
            r => r with { Handle = null, MetricsOffset = chunk.NextOffset, EndedAt = DateTimeOffset.UtcNow, ExitCode = 0 });
        await tracker.EndRunAsync(run.RunId, RunState.Succeeded.ToName(), CancellationToken.None).ConfigureAwait(false);
        Report(run, RunState.Succeeded, row.Attempts, "succeeded while the orchestrator was down");
        return true;
    }

    private void CancelBlocked(Dictionary<string, LedgerRow> rows)
    {
        foreach (var row in rows.Values.Where(r => r.State == RunState.Pending && !_active.ContainsKey(r.RunId)))
        {
            var bad = _runs[row.RunId].Needs.FirstOrDefault(n => rows.TryGetValue(n, out var d) && d.State is RunState.Failed or RunState.Cancelled);
            if (bad is null) continue;
            var detail = $"needs {_runs[bad].Name}, which {rows[bad].State.ToName()}";
            rows[row.RunId] = ledger.Transition(row.RunId, RunState.Cancelled, detail, r => r with { Message = detail });
            Report(_runs[row.RunId], RunState.Cancelled, row.Attempts, detail);
        }
    }

    /// <summary>
    /// Starts every run that can start now: ledger and tracking first (in order), then the launcher submits in
    /// parallel (process start-up dominates when several slots free up at once), then the handles are recorded.
    /// </summary>
    private async Task StartReadyAsync(Dictionary<string, LedgerRow> rows, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var starting = new List<(PlannedRun Run, int Attempt, int[] Gpus, DateTimeOffset Started, string[] After)>();
        foreach (var run in plan.Runs)
        {
            if (_slots.Active >= _slots.Capacity) break;
            var row = rows[run.RunId];
            if (row.State != RunState.Pending || _active.ContainsKey(run.RunId) || row.RetryAt > now) continue;
            if (!run.Needs.All(n => rows.TryGetValue(n, out var d) && (d.State == RunState.Succeeded || QueuedAhead(d)))) continue;
            var gpus = _slots.TryAcquire(run.Resources.Gpus);
            if (gpus is null) continue; // a smaller run later in the plan may still fit
            var after = run.Needs.Select(n => rows[n]).Where(QueuedAhead).Select(d => d.Handle!).ToArray();
            var attempt = row.Attempts + 1;
            var started = DateTimeOffset.UtcNow;
            rows[run.RunId] = ledger.Transition(run.RunId, RunState.Running, $"attempt {attempt} starting", r => r with
            {
                Attempts = attempt, Launcher = launcher.Name, Handle = null, Gpus = string.Join(",", gpus),
                StartedAt = started, EndedAt = null, ExitCode = null, RetryAt = null, Message = null, TrackingId = run.RunId,
            });
            await tracker.StartRunAsync(run, CancellationToken.None).ConfigureAwait(false);
            starting.Add((run, attempt, gpus, started, after));
        }
        if (starting.Count == 0) return;

        var submits = starting.Select(s => Task.Run(() => launcher.SubmitAsync(Request(s.Run, s.Attempt, s.Gpus) with { After = s.After }, cancellationToken))).ToList();
        for (var i = 0; i < starting.Count; i++)
        {
            var (run, attempt, gpus, started, _) = starting[i];
            LaunchHandle handle;
            try
            {
                handle = await submits[i].ConfigureAwait(false);
            }
            catch (LaunchException e)
            {
                _slots.Release(gpus);
                rows[run.RunId] = await FailAsync(run, attempt, new LaunchOutcome { End = LaunchEnd.Failed, Message = e.Message }).ConfigureAwait(false);
                continue;
            }
            var next = rows[run.RunId] = ledger.Update(run.RunId, r => r with { Handle = handle.Id });
            var active = Track(run, handle, gpus, started, next.MetricsOffset);
            Report(active, RunState.Running, attempt, $"started ({launcher.Name} {handle.Id}{(gpus.Length > 0 ? ", GPUs " + string.Join(",", gpus) : "")})");
        }
        // Runs needing the ones just submitted can now be queued behind them (afterok); one more pass per stage depth.
        if (launcher.QueuesDependencies) await StartReadyAsync(rows, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A running need whose launcher holds dependents in its own queue (Slurm afterok): dependents may be submitted now.</summary>
    private bool QueuedAhead(LedgerRow need) =>
        launcher.QueuesDependencies && need.State == RunState.Running && need.Handle is not null
        && !_failedNeedHandles.Contains(need.Handle) && _active.TryGetValue(need.RunId, out var a) && !a.Monitor.IsCompleted;

    private ActiveRun Track(PlannedRun run, LaunchHandle handle, int[] gpus, DateTimeOffset started, long offset)
    {
        var timeout = launcher.EnforcesTimeLimit ? null
            : run.Resources.TimeoutSeconds > 0 ? TimeSpan.FromSeconds(run.Resources.TimeoutSeconds) : _options.DefaultTimeout;
        var metrics = Path.Combine(SweepLayout.RunDir(sweepDir, run.RunId), RunFiles.Metrics);
        var active = new ActiveRun(run, handle, gpus, started, timeout)
        {
            MetricsOffset = offset, TotalSteps = run.Spec.TrainingSteps,
            ForwardedThroughStep = MetricsTail.MaxStep(metrics, offset),
        };
        active.Monitor = MonitorAsync(active);
        _active[run.RunId] = active;
        return active;
    }

    /// <summary>Waits for the attempt while tailing its metrics; enforces the timeout. Never cancelled: stopping goes through the launcher.</summary>
    private async Task<LaunchOutcome> MonitorAsync(ActiveRun a)
    {
        var wait = launcher.WaitAsync(a.Handle, CancellationToken.None);
        while (true)
        {
            var tick = Task.Delay(_options.MetricsInterval);
            if (await Task.WhenAny(wait, tick).ConfigureAwait(false) == wait) break;
            await TailAsync(a).ConfigureAwait(false);
            if (a.Timeout is { } t && !a.TimedOut && DateTimeOffset.UtcNow - a.Started > t)
            {
                a.TimedOut = true;
                await launcher.CancelAsync(a.Handle, _options.CancelGrace, CancellationToken.None).ConfigureAwait(false);
            }
        }
        var outcome = await wait.ConfigureAwait(false);
        await TailAsync(a).ConfigureAwait(false);
        return a.TimedOut && outcome.End != LaunchEnd.Succeeded
            ? outcome with { End = LaunchEnd.TimedOut, Message = $"timed out after {a.Timeout!.Value.TotalSeconds:0.#} s" }
            : outcome;
    }

    private async Task TailAsync(ActiveRun a)
    {
        var runDir = SweepLayout.RunDir(sweepDir, a.Run.RunId);
        var chunk = await MetricsTail.ReadAsync(Path.Combine(runDir, RunFiles.Metrics), a.MetricsOffset, a.ForwardedThroughStep, a.SkipThrough).ConfigureAwait(false);
        a.SkipThrough = chunk.SkipThrough;
        if (chunk.Points.Count > 0)
        {
            await tracker.LogMetricsAsync(a.Run.RunId, chunk.Points, CancellationToken.None).ConfigureAwait(false);
            a.ForwardedThroughStep = Math.Max(a.ForwardedThroughStep, chunk.Points.Max(p => p.Step));
        }
        if (chunk.NextOffset != a.MetricsOffset)
        {
            a.MetricsOffset = chunk.NextOffset;
            ledger.Update(a.Run.RunId, r => r with { MetricsOffset = chunk.NextOffset });
        }
        if (chunk.LastStep is { } s) a.Step = (int)s;
        if (chunk.LastAccuracy is { } acc) a.Accuracy = acc;
        if (RunStatusFile.ReadStatus(runDir) is { } status)
        {
            a.Step = Math.Max(a.Step, status.Step);
            if (status.TotalSteps > 0) a.TotalSteps = status.TotalSteps;
        }
        Report(a, RunState.Running, a.Handle.Attempt, null);
    }

    private async Task CompleteAsync(ActiveRun a, LaunchOutcome outcome)
    {
        _active.Remove(a.Run.RunId);
        _slots.Release(a.Gpus);
        var attempt = a.Handle.Attempt;
        switch (outcome.End)
        {
            case LaunchEnd.Succeeded:
                Finish(a.Run, RunState.Succeeded, attempt, outcome, "succeeded");
                await tracker.EndRunAsync(a.Run.RunId, RunState.Succeeded.ToName(), CancellationToken.None).ConfigureAwait(false);
                Report(a, RunState.Succeeded, attempt, $"succeeded in {(DateTimeOffset.UtcNow - a.Started).TotalSeconds:0.0} s");
                break;
            case LaunchEnd.DependencyFailed:
                // Held behind a need's attempt that did not succeed: back to pending, no failure counted; it is
                // submitted again when the need is retried, or cancelled with it when the need fails for good.
                // The need's monitor may report its failure a poll later: never queue behind that attempt again.
                foreach (var need in a.Run.Needs)
                {
                    if (ledger.Get(need).Handle is { } failed) _failedNeedHandles.Add(failed);
                }
                ledger.Transition(a.Run.RunId, RunState.Pending, $"attempt {attempt} {outcome.Message}",
                    r => r with { Handle = null, Message = outcome.Message });
                Report(a, RunState.Pending, attempt, outcome.Message);
                break;
            case LaunchEnd.Cancelled:
                Finish(a.Run, RunState.Cancelled, attempt, outcome, outcome.Message ?? "cancelled");
                await tracker.EndRunAsync(a.Run.RunId, RunState.Cancelled.ToName(), CancellationToken.None).ConfigureAwait(false);
                Report(a, RunState.Cancelled, attempt, outcome.Message ?? "cancelled");
                break;
            default:
                await FailAsync(a.Run, attempt, outcome, a).ConfigureAwait(false);
                break;
        }
    }

    private async Task<LedgerRow> FailAsync(PlannedRun run, int attempt, LaunchOutcome outcome, ActiveRun? a = null)
    {
        var row = ledger.Get(run.RunId);
        var failures = row.Failures + 1;
        var why = $"{outcome.End}: {outcome.Message}";
        // The trainer's verdicts that another attempt cannot change: exit 2 (invalid spec or input files) and exit 3
        // (diverged: a deterministic run resumed from its last good checkpoint diverges again). Never retried.
        var final = outcome.ExitCode is ExitCodes.InvalidInput or ExitCodes.Diverged;
        if (final) why += outcome.ExitCode == ExitCodes.InvalidInput ? " (invalid input: not retried)" : " (diverged: not retried)";
        if (failures <= _options.Retries && !final)
        {
            var delay = _options.BackoffFor(failures);
            var next = ledger.Transition(run.RunId, RunState.Pending, $"attempt {attempt} {why}; retry in {delay.TotalSeconds:0.#} s",
                r => r with { Failures = failures, ExitCode = outcome.ExitCode, RetryAt = DateTimeOffset.UtcNow + delay, Message = why, Handle = null });
            Report(a, run, RunState.Pending, attempt, $"{why}; retry {failures}/{_options.Retries} in {delay.TotalSeconds:0.#} s");
            return next;
        }
        var failed = ledger.Transition(run.RunId, RunState.Failed, $"attempt {attempt} {why}",
            r => r with { Failures = failures, ExitCode = outcome.ExitCode, EndedAt = DateTimeOffset.UtcNow, Message = why });
        await tracker.EndRunAsync(run.RunId, RunState.Failed.ToName(), CancellationToken.None).ConfigureAwait(false);
        Report(a, run, RunState.Failed, attempt, why);
        if (_options.FailFast) _failFastTripped = true;
        return failed;
    }

    private void Finish(PlannedRun run, RunState state, int attempt, LaunchOutcome outcome, string detail) =>
        ledger.Transition(run.RunId, state, $"attempt {attempt} {detail}",
            r => r with { ExitCode = outcome.ExitCode, EndedAt = DateTimeOffset.UtcNow, Message = outcome.Message });

    /// <summary>SIGTERM to every active attempt at once, then wait for each (up to the grace) and record it.</summary>
    private async Task StopAllAsync(string reason)
    {
        progress.Message($"stopping {_active.Count} active run(s): {reason}");
        var stops = _active.Values.Select(a => launcher.CancelAsync(a.Handle, _options.CancelGrace, CancellationToken.None)).ToList();
        await Task.WhenAll(stops).ConfigureAwait(false);
        foreach (var a in _active.Values.ToList())
        {
            var outcome = await a.Monitor.ConfigureAwait(false);
            await CompleteAsync(a, outcome.End == LaunchEnd.Succeeded ? outcome : outcome with { End = LaunchEnd.Cancelled, Message = reason }).ConfigureAwait(false);
        }
        if (!_failFastTripped) return;
        foreach (var row in ledger.All().Where(r => r.State == RunState.Pending && _runs.ContainsKey(r.RunId)))
        {
            ledger.Transition(row.RunId, RunState.Cancelled, reason, r => r with { Message = reason });
            Report(_runs[row.RunId], RunState.Cancelled, row.Attempts, reason);
        }
    }

    private LaunchRequest Request(PlannedRun run, int attempt, IReadOnlyList<int> gpus) => new()
    {
        SweepId = plan.SweepId,
        RunId = run.RunId,
        Attempt = attempt,
        RunDir = Path.GetFullPath(SweepLayout.RunDir(sweepDir, run.RunId)),
        Gpus = gpus,
        Cpus = run.Resources.Cpus,
        MemoryMb = run.Resources.MemoryMb,
        Timeout = run.Resources.TimeoutSeconds > 0 ? TimeSpan.FromSeconds(run.Resources.TimeoutSeconds) : _options.DefaultTimeout,
        ReadOnlyPaths = run.Spec.Model.Checkpoint is { } c ? [c] : [],
    };

    private void Report(ActiveRun a, RunState state, int attempt, string? @event) => Report(a, a.Run, state, attempt, @event);

    private void Report(PlannedRun run, RunState state, int attempt, string? @event) => Report(null, run, state, attempt, @event);

    private void Report(ActiveRun? a, PlannedRun run, RunState state, int attempt, string? @event)
    {
        TimeSpan? eta = null;
        if (a is { Step: > 0, TotalSteps: > 0 } && a.Step <= a.TotalSteps)
            eta = (DateTimeOffset.UtcNow - a.Started) / a.Step * (a.TotalSteps - a.Step);
        progress.Update(new RunView
        {
            RunId = run.RunId, Name = run.Name, Stage = run.Stage, State = state, Attempt = attempt,
            Step = a?.Step ?? 0, TotalSteps = a?.TotalSteps ?? run.Spec.TrainingSteps, Accuracy = a?.Accuracy, Eta = eta, Detail = @event,
        }, @event);
    }

    private static int[] ParseGpus(string text) =>
        text.Length == 0 ? [] : text.Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
