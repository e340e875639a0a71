using System.CommandLine;
using Gvm.Orchestration.Launchers;
using Gvm.Orchestration.Sweeps;
using Gvm.Tracking.Stores;

namespace Gvm.Cli.Commands;

internal static class SweepCommand
{
    public static Command Create()
    {
        var grid = new Argument<string?>("grid") { Description = "Grid file (default: experiments/smoke.yaml)", Arity = ArgumentArity.ZeroOrOne };
        var sweepDir = new Option<string?>("--sweep-dir") { Description = "Sweep directory (default: sweeps/<grid name>)" };
        var backend = new Option<string?>("--backend") { Description = $"Launcher: {RunLaunchers.Shipped.Choices}; default: the grid's" };
        var parallel = new Option<int?>("--parallel") { Description = "Runs at once (CPU slots); default: the grid's backend.parallel" };
        var gpus = new Option<string?>("--gpus") { Description = "GPU ids to use, e.g. 0,1,2,3 (default: nvidia-smi)" };
        var retries = new Option<int?>("--retries") { Description = "Extra attempts per failed run (default: the grid's backend.retries)" };
        var backoff = new Option<double>("--retry-backoff") { Description = "Seconds before the first retry (doubles)", DefaultValueFactory = _ => 5 };
        var timeout = new Option<double?>("--timeout") { Description = "Per-run timeout in seconds for stages without resources.timeout_s" };
        var failFast = new Option<bool>("--fail-fast") { Description = "Stop the sweep at the first run that fails for good" };
        var tracking = new Option<string?>("--tracking-uri") { Description = "MLflow tracking URI (default: MLFLOW_TRACKING_URI)" };
        var trainer = new Option<string?>("--trainer") { Description = "Trainer command instead of 'dotnet gvm.dll train' (or GVM_TRAINER_COMMAND)" };
        var stale = new Option<double>("--heartbeat-stale") { Description = "Seconds after which a live run's heartbeat is stale", DefaultValueFactory = _ => 120 };
        var grace = new Option<double>("--cancel-grace") { Description = "Seconds a stopped run gets to checkpoint before SIGKILL", DefaultValueFactory = _ => 30 };
        var interval = new Option<double>("--metrics-interval") { Description = "Seconds between reads of each run's metrics.jsonl", DefaultValueFactory = _ => 1 };
        var progress = new Option<string>("--progress") { Description = "auto, live (table) or plain (line per event)", DefaultValueFactory = _ => "auto" };

        var command = new Command("sweep", "Run a grid of experiments");
        command.Arguments.Add(grid);
        foreach (var o in new Option[] { sweepDir, backend, parallel, gpus, retries, backoff, timeout, failFast, tracking, trainer, stale, grace, interval, progress })
            command.Options.Add(o);
        var launchers = new LauncherSweepOptions(RunLaunchers.Shipped);
        launchers.AddTo(command);
        command.SetAction((parse, ct) => OrchestrationErrors.GuardAsync(async () =>
        {
            var options = new SweepOptions
            {
                Grid = parse.GetValue(grid), SweepDir = parse.GetValue(sweepDir), Backend = parse.GetValue(backend),
                Parallel = parse.GetValue(parallel), Gpus = parse.GetValue(gpus), Retries = parse.GetValue(retries),
                RetryBackoffSeconds = parse.GetValue(backoff), TimeoutSeconds = parse.GetValue(timeout),
                FailFast = parse.GetValue(failFast), Tracking = TrackingTarget.Resolve(parse.GetValue(tracking)), Trainer = parse.GetValue(trainer),
                HeartbeatStaleSeconds = parse.GetValue(stale), CancelGraceSeconds = parse.GetValue(grace),
                MetricsIntervalSeconds = parse.GetValue(interval), Progress = parse.GetValue(progress)!, LauncherOverrides = launchers.Read(parse),
                Loggers = GvmApp.Loggers,
            };
            var code = await SweepRunner.RunAsync(options, Console.Out, ct).ConfigureAwait(false);
            await SummaryAsync(options, code).ConfigureAwait(false);
            return code;
        }));
        return command;
    }

    /// <summary>
    /// After a sweep that ran (exit 0 or 1): the report's summary table from what the runs wrote (no report files;
    /// <c>gvm report</c> writes those). Bad input (2), a stop (130) or a sweep that never wrote its plan get none.
    /// </summary>
    private static async Task SummaryAsync(SweepOptions options, int code)
    {
        if (code is not (0 or 1)) return;
        var dir = options.SweepDir is { } given ? Path.GetFullPath(given) : GridSource.DefaultSweepDir(GridSource.Load(options.Grid).Name);
        if (!File.Exists(Path.Combine(dir, Gvm.Core.Sweeps.SweepLayout.PlanFile))) return;
        await ReportSummary.WriteForSweepAsync(ReportSummary.ConsoleOnStdout(), dir, CancellationToken.None).ConfigureAwait(false);
    }
}
