using System.CommandLine;
using Gvm.Tracking.Export;
using Gvm.Tracking.Journal;
using Gvm.Tracking.Mlflow;
using Gvm.Tracking.Stores;

namespace Gvm.Cli.Commands;

/// <summary><c>gvm mlflow push SWEEP_DIR [--tracking-uri URL]</c> and <c>gvm mlflow export SWEEP_DIR --to DIR</c>.</summary>
internal static class MlflowCommand
{
    public static Command Create()
    {
        var command = new Command("mlflow", "MLflow: push journals to a server, export an mlruns tree");
        command.Subcommands.Add(Push());
        command.Subcommands.Add(Export());
        return command;
    }

    private static Command Push()
    {
        var dir = new Argument<string>("SWEEP_DIR") { Description = "Sweep directory (its tracking/ journal is replayed)" };
        var uri = new Option<string?>("--tracking-uri") { Description = "MLflow server URL (default: MLFLOW_TRACKING_URI)" };
        var retries = new Option<int?>("--max-retries") { Description = "Retries per request on 408/429/5xx/connection failures (default: MLFLOW_HTTP_REQUEST_MAX_RETRIES or 7, about 4 min)" };
        var skip = new Option<bool>("--skip-bad-lines") { Description = "Skip journal lines that are not records (each is reported); default: stop at the first" };
        var push = new Command("push", "Replay a sweep's tracking journal to an MLflow server, in order and exactly once (resumable)");
        push.Arguments.Add(dir);
        push.Options.Add(uri);
        push.Options.Add(retries);
        push.Options.Add(skip);
        push.SetAction(async (parse, ct) =>
        {
            try
            {
                var sweep = parse.GetValue(dir)!;
                var target = TrackingTarget.Resolve(parse.GetValue(uri));
                var r = await MlflowPush.PushAsync(sweep, target, parse.GetValue(retries), GvmApp.Loggers, ct, parse.GetValue(skip));
                Console.WriteLine($"pushed {r.Points} metric points in {r.Batches} batches; runs started {r.RunsStarted}, ended {r.RunsEnded}; artifact files {r.Artifacts}");
                if (r.SkippedBadLines > 0) Console.Error.WriteLine($"gvm mlflow push: skipped {r.SkippedBadLines} journal line(s) that are not records (listed above)");
                if (MlflowPush.ParentRunUrl(sweep, target) is { } url) Console.WriteLine($"MLflow UI: {url}");
                return 0;
            }
            catch (Exception e) when (e is FileNotFoundException or ArgumentException or InvalidDataException)
            {
                throw new Gvm.Core.Inputs.InputException(null, 0, null, e.Message, e); // no journal, no server URL, a damaged journal: exit 2
            }
            catch (Exception e) when (e is MlflowException or IOException)
            {
                Console.Error.WriteLine($"gvm mlflow push: {e.Message}\nwhat was sent is recorded; run the same command again to continue");
                return 1;
            }
        });
        return push;
    }

    private static Command Export()
    {
        var dir = new Argument<string>("SWEEP_DIR") { Description = "Sweep directory (its tracking/ journal is exported)" };
        var to = new Option<string>("--to") { Description = "mlruns directory to write (created if missing)", Required = true };
        var v3only = new Option<bool>("--no-run-uuid") { Description = "Leave out run_uuid (MLflow 3.x only; 2.x readers need it)" };
        var skip = new Option<bool>("--skip-bad-lines") { Description = "Export although some journal lines are not records (each is reported); default: refuse" };
        var export = new Command("export", "Write a sweep's runs as an MLflow FileStore (mlruns) tree");
        export.Arguments.Add(dir);
        export.Options.Add(to);
        export.Options.Add(v3only);
        export.Options.Add(skip);
        export.SetAction((parse, ct) =>
        {
            var sweep = parse.GetValue(dir)!;
            if (!Directory.Exists(JournalPaths.TrackingDir(sweep)))
                throw new Gvm.Core.Inputs.InputException(JournalPaths.TrackingDir(sweep), 0, null, "no tracking journal");
            Gvm.Core.Inputs.InputFiles.CheckOutputDirectory(parse.GetValue(to)!, "--to");
            try
            {
                var r = MlrunsExporter.Export(sweep, parse.GetValue(to)!, new MlrunsExportOptions { IncludeRunUuid = !parse.GetValue(v3only), SkipBadLines = parse.GetValue(skip) });
                foreach (var b in r.SkippedBadLines) Console.Error.WriteLine($"gvm mlflow export: skipped {b}");
                Console.WriteLine($"exported experiment '{r.ExperimentName}' ({r.ExperimentId}): {r.Runs} runs, {r.MetricPoints} metric points, {r.ArtifactFiles} artifact files");
                Console.WriteLine($"open with: MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri {Path.GetFullPath(parse.GetValue(to)!)}");
                return Task.FromResult(0);
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException)
            {
                throw new Gvm.Core.Inputs.InputException(null, 0, null, e.Message, e);
            }
        });
        return export;
    }
}
