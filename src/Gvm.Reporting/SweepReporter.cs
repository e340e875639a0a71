using Gvm.Core.IO;
using Gvm.Reporting.Comparison;
using Gvm.Reporting.Curves;
using Gvm.Reporting.Fairness;
using Gvm.Reporting.Inputs;
using Gvm.Reporting.Output;
using Gvm.Reporting.Plots;

namespace Gvm.Reporting;

/// <summary>What <see cref="SweepReporter.RunAsync"/> wrote.</summary>
public sealed record ReportResult(
    string SweepDir, IReadOnlyList<string> Files, int Runs, int IncompleteRuns, int FairnessFlags, ComparisonReport Report);

/// <summary>
/// <c>gvm report SWEEP_DIR</c>: reads the plan and run directories and writes comparison.csv, speedups.csv,
/// crossings.csv, fairness.csv, comparison.md and plots/*.png into the sweep directory (the orchestrator then attaches the directory
/// to the sweep's parent MLflow run).
/// </summary>
public static class SweepReporter
{
    public const string PlotsDir = "plots";

    public static async Task<ReportResult> RunAsync(string sweepDir, ReportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sweepDir);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")), nameof(options));

        var sweep = await SweepReader.ReadAsync(sweepDir, cancellationToken).ConfigureAwait(false);
        var report = ComparisonBuilder.Build(sweep, options);
        var files = new List<string>();

        var comparison = Path.Combine(sweepDir, CsvFiles.Comparison);
        await CsvFiles.WriteAsync<AccuracyRow, AccuracyRowMap>(comparison, report.Accuracy, cancellationToken).ConfigureAwait(false);
        var speedups = Path.Combine(sweepDir, CsvFiles.Speedups);
        await CsvFiles.WriteAsync<SpeedupRow, SpeedupRowMap>(speedups, report.Speedups, cancellationToken).ConfigureAwait(false);
        var crossings = Path.Combine(sweepDir, CsvFiles.Crossings);
        await CsvFiles.WriteAsync<CrossingRow, CrossingRowMap>(crossings, report.Crossings, cancellationToken).ConfigureAwait(false);
        var fairness = Path.Combine(sweepDir, CsvFiles.Fairness);
        await CsvFiles.WriteAsync<FairnessRow, FairnessRowMap>(fairness, report.Fairness, cancellationToken).ConfigureAwait(false);
        files.AddRange([comparison, speedups, crossings, fairness]);

        var plots = options.Plots ? DrawPlots(sweep, report, Path.Combine(sweepDir, PlotsDir), cancellationToken) : [];
        files.AddRange(plots);
        var relative = plots.Select(p => Path.GetRelativePath(sweepDir, p).Replace('\\', '/')).ToArray();
        var markdown = Path.Combine(sweepDir, MarkdownReport.FileName);
        await AtomicFile.WriteAllTextAsync(markdown, MarkdownReport.Render(report, relative), cancellationToken).ConfigureAwait(false);
        files.Add(markdown);

        return new ReportResult(sweepDir, files, report.Runs.Count, report.Runs.Count(r => !r.Complete),
            report.Fairness.Count(f => f.Status == FairnessStatus.Flag), report);
    }

    private static List<string> DrawPlots(SweepData sweep, ComparisonReport report, string plotsDir, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(plotsDir);
        // The directory is the report's own: drop PNGs of an earlier report so no stale plot survives.
        foreach (var old in Directory.EnumerateFiles(plotsDir, "*.png")) File.Delete(old);
        var files = new List<string>();
        foreach (var pair in report.Pairs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            files.Add(CurvePlots.Draw(pair, CostAxis.Steps, plotsDir));
            files.Add(CurvePlots.Draw(pair, CostAxis.Tokens, plotsDir));
            files.Add(SpeedupPlots.Draw(pair, report.Speedups, plotsDir));
        }
        var gvmRuns = sweep.Plan.Runs.Select(p => sweep.Runs[p.RunId])
            .Where(r => r.Allocations.Count > 0)
            .OrderBy(r => r.Seed).ThenBy(r => r.Planned.Name, StringComparer.Ordinal)
            .Take(report.Options.MaxAllocationPlots);
        foreach (var run in gvmRuns)
        {
            cancellationToken.ThrowIfCancellationRequested();
            files.AddRange(AllocationPlots.Draw(run, plotsDir));
        }
        return files;
    }
}
