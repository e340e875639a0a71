using System.CommandLine;
using System.Globalization;
using Gvm.Core.Runs;
using Gvm.Core.Sweeps;
using Gvm.Reporting;
using Gvm.Tracking.Stores;
using Gvm.Tracking.Sweeps;

namespace Gvm.Cli.Commands;

/// <summary><c>gvm report SWEEP_DIR</c>: verdicts, paired statistics, speedups, fairness checks, plots, comparison.md and
/// comparison.html (logic in Gvm.Reporting), then a summary table in the terminal.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var sweepDir = new Argument<string>("sweep-dir") { Description = "Sweep directory holding plan.json and runs/" };
        var targets = new Option<string>("--targets")
        {
            Description = "Fractions X of the baseline's gain, comma-separated (0.5, 0.8 and 0.9 are always computed)",
            DefaultValueFactory = _ => "0.5,0.8,0.9",
        };
        var level = new Option<double>("--confidence") { Description = "Level of the t intervals", DefaultValueFactory = _ => new ReportOptions().ConfidenceLevel };
        var noPlots = new Option<bool>("--no-plots") { Description = "Skip the PNG plots" };
        var trackingUri = new Option<string?>("--tracking-uri")
        {
            Description = "MLflow server that receives the report as artifacts of the sweep's parent run (default: MLFLOW_TRACKING_URI; without one they wait in the journal for `gvm mlflow push`)",
        };
        var command = new Command("report", "Compile the comparison report of a sweep");
        command.Arguments.Add(sweepDir);
        command.Options.Add(targets);
        command.Options.Add(level);
        command.Options.Add(noPlots);
        command.Options.Add(trackingUri);
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            if (!TryParseFractions(parse.GetValue(targets)!, out var fractions))
                throw Gvm.Core.Inputs.InputException.Option("--targets", "expected comma-separated numbers such as 0.5,0.8,0.9,1.0");
            var options = new ReportOptions
            {
                Fractions = fractions,
                ConfidenceLevel = parse.GetValue(level),
                Plots = !parse.GetValue(noPlots),
            };
            var errors = options.Validate();
            if (errors.Count > 0)
                throw Gvm.Core.Inputs.InputException.Option(errors[0].Field, string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")));
            var dir = parse.GetValue(sweepDir)!;
            // Bad sweep files throw ReportInputException (an InputException: exit 2 in GvmApp, file:line: field).
            var result = await SweepReporter.RunAsync(dir, options, ct).ConfigureAwait(false);
            Console.WriteLine($"report: {result.Runs} runs ({result.IncompleteRuns} incomplete), {result.FairnessFlags} fairness flag(s)");
            foreach (var f in result.Files.Where(f => !f.EndsWith(".png", StringComparison.Ordinal)))
                Console.WriteLine($"  {Path.GetRelativePath(dir, f)}");
            var pngs = result.Files.Count(f => f.EndsWith(".png", StringComparison.Ordinal));
            if (pngs > 0) Console.WriteLine($"  {SweepReporter.PlotsDir}/ ({pngs} PNGs)");
            await AttachToParentRunAsync(dir, result.Files, TrackingTarget.Resolve(parse.GetValue(trackingUri)), ct).ConfigureAwait(false);
            ReportSummary.Write(ReportSummary.ConsoleOnStdout(), result.Report);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Journals the report directory as artifacts of the sweep's parent MLflow run (issue 9: "all of it is also attached
    /// to the sweep's parent MLflow run"). Only for sweeps that were tracked (SWEEP_DIR/tracking exists); forwarded now
    /// when a server is configured, else by a later <c>gvm mlflow push</c>. The report files are copied into
    /// tracking/report-artifacts first, so that the upload holds the report alone (not runs/ and its checkpoints) and
    /// a later push sends what this report said.
    /// </summary>
    private static async Task AttachToParentRunAsync(string sweepDir, IReadOnlyList<string> files, TrackingTarget tracking, CancellationToken ct)
    {
        if (!Directory.Exists(Path.Combine(sweepDir, SweepLayout.TrackingDir))) return;
        var staging = Path.Combine(sweepDir, SweepLayout.TrackingDir, "report-artifacts");
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        foreach (var file in files)
        {
            var target = Path.Combine(staging, Path.GetRelativePath(sweepDir, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
        await using var tracker = SweepTrackers.Create(tracking, sweepDir, null, GvmApp.Loggers);
        await tracker.LogSweepArtifactsAsync(staging, ct).ConfigureAwait(false);
        Console.WriteLine("report attached to the sweep's parent run (journal: tracking/)");
    }

    private static bool TryParseFractions(string text, out double[] fractions)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        fractions = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out fractions[i])) return false;
        return parts.Length > 0;
    }
}
