using Gvm.Core.Inputs;
using Gvm.Orchestration.Grids;
using Gvm.Orchestration.Launchers;
using Gvm.Orchestration.Launchers.Local;
using Gvm.Orchestration.Ledger;
using Gvm.Orchestration.Planning;
using Gvm.Orchestration.Progress;
using Gvm.Orchestration.Scheduling;
using Gvm.Tracking.Journal;
using Gvm.Tracking.Sweeps;

namespace Gvm.Orchestration.Sweeps;

/// <summary>
/// <c>gvm sweep</c>: plan the grid, write plan.json and the specs, take the sweep lock, then schedule every run
/// against the ledger. Exit codes: 0 all runs succeeded, 1 some failed or were cancelled, 2 bad input, 130 stopped.
/// </summary>
public static class SweepRunner
{
    public const string LockFile = "sweep.lock";

    public static async Task<int> RunAsync(SweepOptions options, TextWriter output, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var grid = GridSource.Load(options.Grid, options.Launchers);
        var sweepDir = Gvm.Core.Inputs.InputFiles.CheckOutputDirectory(options.SweepDir ?? GridSource.DefaultSweepDir(grid.Name), "--sweep-dir");
        var result = Planner.Plan(grid, sweepDir);
        foreach (var w in result.Warnings) output.WriteLine($"warning: {w}");
        var unfair = result.PairChecks.Where(c => !c.Ok).ToList();
        // Bad input stops the sweep before anything is written (exit 2, on stderr through the CLI's one error path).
        if (unfair.Count > 0)
            throw new InputException(grid.File, 0, "pairs", string.Join("; ", unfair.Select(c => $"pair {c.Pair.Name} is not comparable: differs in {string.Join(", ", c.Differences)}")));
        if (result.MissingInputs.Count > 0)
            throw new InputException(null, 0, null, "missing input files:\n  " + string.Join("\n  ", result.MissingInputs));

        // The launcher, its settings merged and validated before any file is written.
        var kind = options.Launchers.Get(options.Backend ?? grid.Backend.Launcher);
        var trainer = TrainerCommand.Resolve(options.Trainer);
        var launch = kind.Prepare(grid.Backend.Sections.GetValueOrDefault(kind.Name, kind.Unset),
            options.LauncherOverrides.GetValueOrDefault(kind.Name, kind.Unset), trainer);
        var remoteGpus = launch.RemoteGpus(options.Parallel ?? grid.Backend.Parallel, result.Plan.Runs.Select(r => r.Resources.Gpus));
        var gpus = options.Gpus is not null ? HostGpus.Parse(options.Gpus) : remoteGpus ?? HostGpus.Detect();
        if (grid.Backend.RequiresGpu && gpus.Count == 0 && remoteGpus is null)
            throw new InputException(grid.File, 0, "backend", $"grid '{grid.Name}' needs GPUs and this host has none (nvidia-smi found nothing; --gpus overrides)");
        var needsGpus = result.Plan.Runs.Any(r => r.Resources.Gpus > 0);
        var parallel = options.Parallel ?? (needsGpus ? Math.Max(grid.Backend.Parallel, gpus.Count) : grid.Backend.Parallel);

        Directory.CreateDirectory(sweepDir);
        using var sweepLock = TryLock(sweepDir);
        if (sweepLock is null)
        {
            output.WriteLine($"{sweepDir}: another gvm sweep is running on this sweep directory");
            return 1;
        }
        await SweepFiles.WriteAsync(result.Plan, sweepDir, cancellationToken).ConfigureAwait(false);

        using var ledger = SweepLedger.Open(sweepDir);
        ledger.SyncPlan(result.Plan);
        var views = ledger.All().Where(r => result.Plan.Runs.Any(p => p.RunId == r.RunId))
            .Select(r => new RunView { RunId = r.RunId, Name = r.Name, Stage = r.Stage, State = r.State, Attempt = r.Attempts });
        var scheduler = new SchedulerOptions
        {
            Gpus = gpus, Parallel = parallel, Retries = options.Retries ?? grid.Backend.Retries,
            RetryBackoff = TimeSpan.FromSeconds(options.RetryBackoffSeconds),
            DefaultTimeout = options.TimeoutSeconds is { } t ? TimeSpan.FromSeconds(t) : null,
            FailFast = options.FailFast, CancelGrace = TimeSpan.FromSeconds(options.CancelGraceSeconds),
            MetricsInterval = TimeSpan.FromSeconds(options.MetricsIntervalSeconds),
        };
        if (launch.Warning(sweepDir) is { } warning) output.WriteLine($"warning: {warning}");
        var local = new LocalLauncherOptions
        {
            Trainer = trainer, HeartbeatStale = TimeSpan.FromSeconds(options.HeartbeatStaleSeconds),
        };

        using var signals = new StopSignals(cancellationToken);
        cancellationToken = signals.Token;
        SweepOutcome outcome;
        await using (var launcher = launch.Create(local, options.Loggers))
        await using (var tracker = SweepTrackers.Create(options.Tracking, sweepDir, null, options.Loggers))
        await using (var progress = LiveProgress.Choose(options.Progress, views))
        {
            progress.Message($"sweep {grid.Name}: {result.Plan.Runs.Count} runs, {parallel} slot(s){(gpus.Count > 0 ? ", GPUs " + string.Join(",", gpus) : "")}, {sweepDir}");
            outcome = await new SweepScheduler(result.Plan, sweepDir, ledger, launcher, tracker, progress, scheduler)
                .RunAsync(cancellationToken).ConfigureAwait(false);
        }
        output.WriteLine($"sweep {grid.Name}: {outcome.Succeeded} succeeded, {outcome.Failed} failed, {outcome.Cancelled} cancelled, {outcome.Pending} not finished");
        output.WriteLine($"results: {sweepDir} (plan.json, ledger.db, runs/<run_id>/)");
        if (MlflowPush.ParentRunUrl(sweepDir, options.Tracking) is { } mlflow) output.WriteLine($"MLflow UI: {mlflow}");
        return outcome.AllSucceeded ? 0 : outcome.Stopped && cancellationToken.IsCancellationRequested ? 130 : 1;
    }

    /// <summary>An exclusive lock on SWEEP_DIR/sweep.lock (released by the OS if we are killed), or null if held.</summary>
    private static FileStream? TryLock(string sweepDir)
    {
        try
        {
            return new FileStream(Path.Combine(sweepDir, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
