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
/// <c>gvm report SWEEP_DIR</c>: reads the plan and run directories and writes comparison.csv, paired.csv, auc.csv,
/// verdicts.csv, speedups.csv, crossings.csv, fairness.csv, plots/*.png, comparison.md and comparison.html into the
/// sweep directory (the CLI then attaches them to the sweep's parent MLflow run).
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
        async Task Csv<TRow, TMap>(string name, IEnumerable<TRow> rows) where TMap : CsvHelper.Configuration.ClassMap<TRow>
        {
            var path = Path.Combine(sweepDir, name);
            await CsvFiles.WriteAsync<TRow, TMap>(path, rows, cancellationToken).ConfigureAwait(false);
            files.Add(path);
        }
        await Csv<AccuracyRow, AccuracyRowMap>(CsvFiles.Comparison, report.Accuracy).ConfigureAwait(false);
        await Csv<PairedRow, PairedRowMap>(CsvFiles.Paired, report.Paired).ConfigureAwait(false);
        await Csv<AucRow, AucRowMap>(CsvFiles.Auc, report.Auc).ConfigureAwait(false);
        await Csv<LearningRow, LearningRowMap>(CsvFiles.Learning, report.Learning).ConfigureAwait(false);
        await Csv<VerdictRow, VerdictRowMap>(CsvFiles.Verdicts, report.Verdicts.Select(VerdictRow.Of)).ConfigureAwait(false);
        await Csv<SpeedupRow, SpeedupRowMap>(CsvFiles.Speedups, report.Speedups).ConfigureAwait(false);
        await Csv<CrossingRow, CrossingRowMap>(CsvFiles.Crossings, report.Crossings).ConfigureAwait(false);
        await Csv<FairnessRow, FairnessRowMap>(CsvFiles.Fairness, report.Fairness).ConfigureAwait(false);

        var plots = options.Plots ? DrawPlots(sweep, report, Path.Combine(sweepDir, PlotsDir), cancellationToken) : ReportPlots.None;
        files.AddRange(plots.All.Select(p => p.Path));
        var relative = plots.Map(p => Path.GetRelativePath(sweepDir, p).Replace('\\', '/'));

        var markdown = Path.Combine(sweepDir, MarkdownReport.FileName);
        await AtomicFile.WriteAllTextAsync(markdown, MarkdownReport.Render(report, relative), cancellationToken).ConfigureAwait(false);
        files.Add(markdown);
        var html = Path.Combine(sweepDir, HtmlReport.FileName);
        var page = HtmlReport.Render(MarkdownReport.Render(report, relative, MarkdownFlavor.Html), $"Comparison report: {report.SweepName}",
            image => ImageBytes(sweepDir, image));
        await AtomicFile.WriteAllTextAsync(html, page, cancellationToken).ConfigureAwait(false);
        files.Add(html);

        return new ReportResult(sweepDir, files, report.Runs.Count, report.Runs.Count(r => !r.Complete),
            report.Fairness.Count(f => f.Status == FairnessStatus.Flag), report);
    }

    /// <summary>The bytes of a plot the report links (a path under the sweep directory), or null when it is not there.</summary>
    private static byte[]? ImageBytes(string sweepDir, string relative)
    {
        var path = Path.GetFullPath(Path.Combine(sweepDir, relative));
        return path.StartsWith(Path.GetFullPath(sweepDir), StringComparison.Ordinal) && File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    private static ReportPlots DrawPlots(SweepData sweep, ComparisonReport report, string plotsDir, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(plotsDir);
        // The directory is the report's own: drop PNGs of an earlier report so no stale plot survives.
        foreach (var old in Directory.EnumerateFiles(plotsDir, "*.png")) File.Delete(old);
        var byPair = new Dictionary<string, IReadOnlyList<PlotFile>>(StringComparer.Ordinal);
        foreach (var pair in report.Pairs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var guides = Guides(pair, report);
            var files = new List<PlotFile>();
            foreach (var axis in Protocol.Axes)
                files.Add(new PlotFile(CurvePlots.Draw(pair, axis, guides, plotsDir),
                    $"{pair.Title}: accuracy vs {axis.ToLabel()} (mean of seeds, min–max band; warm start and T_X lines)"));
            files.Add(new PlotFile(SpeedupPlots.Draw(pair, report.Speedups, plotsDir), $"{pair.Title}: S_X against X per cost axis (geometric mean, t interval)"));
            files.AddRange(TrainingPlots.Draw(pair, plotsDir));
            files.AddRange(ProfilePlots.Draw(pair, plotsDir));
            byPair[pair.Title] = files;
        }
        var runs = new List<PlotFile>();
        var gvmRuns = sweep.Plan.Runs.Select(p => sweep.Runs[p.RunId])
            .Where(r => r.Allocations.Count > 0)
            .OrderBy(r => r.Seed).ThenBy(r => r.Planned.Name, StringComparer.Ordinal)
            .Take(report.Options.MaxAllocationPlots);
        foreach (var run in gvmRuns)
        {
            cancellationToken.ThrowIfCancellationRequested();
            runs.AddRange(AllocationPlots.Draw(run, plotsDir));
        }
        return new ReportPlots(byPair, runs);
    }

    /// <summary>The warm start (mean first eval of the baseline) and the mean T_X of the protocol's fractions over the pair's seeds.</summary>
    private static AccuracyGuides Guides(PairGroup pair, ComparisonReport report)
    {
        var steps = CostAxis.Steps.ToName();
        var rows = report.Crossings.Where(r => r.Pair == pair.Name && r.Group == pair.Group && r.Axis == steps && !double.IsNaN(r.Target)).ToArray();
        var warm = pair.Seeds.Where(s => s.Complete).Select(s => EvalCurves.Build(s.Baseline!.Metrics, Benchmarks.Average, CostAxis.Steps))
            .Where(c => !c.IsEmpty).Select(c => c.Y[0]).ToArray();
        return new AccuracyGuides(warm.Length > 0 ? warm.Average() : double.NaN,
            Protocol.Fractions.Select(x => (x, rows.Where(r => r.Fraction == x).Select(r => r.Target).DefaultIfEmpty(double.NaN).Average())).ToArray());
    }
}
