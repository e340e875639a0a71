using System.Text;
using Gvm.Core.Runs;
using Gvm.Reporting.Comparison;
using Gvm.Reporting.Curves;
using Gvm.Reporting.Plots;
using static Gvm.Reporting.Output.Numbers;

namespace Gvm.Reporting.Output;

/// <summary>Where the Markdown goes: comparison.md itself, or the source of comparison.html (passing checks folded in &lt;details&gt;).</summary>
public enum MarkdownFlavor
{
    File,
    Html,
}

/// <summary>
/// Renders comparison.md: the headline (a verdict per pair), then per pair its statistics, speedups, plots and fairness
/// checks (flagged ones first), then the Table-1-style accuracy per group, the runs, and the per-run diagnostics.
/// </summary>
public static class MarkdownReport
{
    public const string FileName = "comparison.md";

    public static string Render(ComparisonReport report, ReportPlots plots, MarkdownFlavor flavor = MarkdownFlavor.File)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(plots);
        var md = new StringBuilder();
        var level = report.Options.ConfidenceLevel;
        md.AppendLine($"# Comparison report: {Escape(report.SweepName)}").AppendLine();
        var complete = report.Runs.Count(r => r.Complete);
        md.AppendLine($"Sweep `{report.SweepId}`: {report.Runs.Count} runs, {complete} complete. Statistics use complete runs only " +
            $"(result.json with state succeeded). Intervals are {Pct(level)} Student t intervals over seeds; differences are " +
            "candidate − baseline paired by seed, with exact one-sided sign and Wilcoxon signed-rank p-values for \"candidate better\". " +
            "The decision rule is in docs/reports.md.").AppendLine();
        Headline(md, report);
        foreach (var verdict in report.Verdicts) Pair(md, report, verdict, plots.Of(verdict.Pair.Title), flavor);
        foreach (var group in report.Columns.Keys.Order(StringComparer.Ordinal)) MarkdownTables.Accuracy(md, report, group);
        MarkdownTables.Runs(md, report.Runs);
        if (plots.Runs.Count > 0)
        {
            md.AppendLine("## GVM allocation diagnostics").AppendLine();
            Images(md, plots.Runs);
        }
        return md.ToString();
    }

    private static void Headline(StringBuilder md, ComparisonReport report)
    {
        md.AppendLine("## Headline").AppendLine();
        if (report.Verdicts.Count == 0) md.AppendLine("The plan declares no comparison pair.").AppendLine();
        foreach (var v in report.Verdicts)
        {
            md.AppendLine($"- **{Escape(v.Pair.Title)}: {Escape(VerdictText.Headline(v))}**");
            foreach (var line in VerdictText.Secondary(v)) md.AppendLine($"  - {Escape(line)}");
        }
        if (report.Verdicts.Count > 0) md.AppendLine();
        var failed = report.Runs.Where(r => r.Failed).ToArray();
        if (failed.Length > 0)
        {
            md.AppendLine($"**{failed.Length} failed run(s):**").AppendLine();
            foreach (var r in failed)
                md.AppendLine($"- `{Escape(r.Name)}` ({r.State}, exit code {(r.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "–")}): " +
                    $"{Escape(r.Reason)}; log `{Escape(r.Log)}`");
            md.AppendLine();
        }
        var flags = report.Fairness.Count(f => f.Status == Fairness.FairnessStatus.Flag);
        if (flags > 0) md.AppendLine($"**{flags} fairness check(s) flagged**; see each pair's section.").AppendLine();
    }

    private static void Pair(StringBuilder md, ComparisonReport report, PairVerdict v, IReadOnlyList<PlotFile> plots, MarkdownFlavor flavor)
    {
        var pair = v.Pair;
        md.AppendLine($"## {Escape(pair.Title)}").AppendLine();
        md.AppendLine($"**Verdict: {Escape(VerdictText.Headline(v))}.**").AppendLine();
        Paired(md, report, v);
        LearningTable(md, report, pair);
        Speedups(md, report, pair);
        if (plots.Count > 0)
        {
            md.AppendLine("### Plots").AppendLine();
            Images(md, plots);
        }
        MarkdownTables.Fairness(md, report.Fairness.Where(f => f.Pair == pair.Name && f.Group == pair.Group).ToArray(), flavor);
    }

    private static void Paired(StringBuilder md, ComparisonReport report, PairVerdict v)
    {
        var level = Pct(report.Options.ConfidenceLevel);
        md.AppendLine("### Paired statistics").AppendLine();
        md.AppendLine("AUC: the mean accuracy over the cost range both runs of a seed cover (trapezoid over the eval points, divided by " +
            $"the range). Δ = {v.Pair.CandidateName} − {v.Pair.BaselineName}. One evaluation's standard error: " +
            $"{Escape(VerdictText.Noise(v.Noise))}.").AppendLine();
        md.AppendLine($"| metric | n | mean Δ | {level} t interval | sign test: positive / n, p | Wilcoxon: W+ (n), p |");
        md.AppendLine("| --- | ---: | ---: | --- | ---: | ---: |");
        foreach (var r in new[] { v.AucSteps, v.AucTokens, v.Final })
        {
            md.AppendLine($"| {MetricLabel(r.Metric)} | {r.N} | {Signed(r.Mean)} | {Interval(r.N, r.Low, r.High)} | " +
                $"{(r.SignN > 0 ? $"{r.SignPositive} / {r.SignN}, p = {P(r.SignP)}" : "–")} | " +
                $"{(r.WilcoxonN > 0 ? $"{Num(r.WilcoxonWPlus)} (n = {r.WilcoxonN}), p = {P(r.WilcoxonP)}" : "–")} |");
        }
        md.AppendLine();
        var seeds = report.Auc.Where(a => a.Pair == v.Pair.Name && a.Group == v.Pair.Group).GroupBy(a => a.Seed).OrderBy(g => g.Key).ToArray();
        if (seeds.Length == 0) return;
        md.AppendLine($"AUC per seed ({v.Pair.BaselineName} / {v.Pair.CandidateName} / Δ):").AppendLine();
        md.AppendLine("| seed | " + string.Join(" | ", Protocol.Axes.Select(a => a.ToLabel())) + " |");
        md.AppendLine("| ---: |" + string.Concat(Protocol.Axes.Select(_ => " ---: |")));
        foreach (var g in seeds)
        {
            var cells = Protocol.Axes.Select(a => g.FirstOrDefault(r => r.Axis == a.ToName()) is { } r && !double.IsNaN(r.Delta)
                ? $"{Acc(r.BaselineAuc)} / {Acc(r.CandidateAuc)} / {Signed(r.Delta)}" : "–");
            md.AppendLine($"| {g.Key} | " + string.Join(" | ", cells) + " |");
        }
        md.AppendLine();
    }

    private static void LearningTable(StringBuilder md, ComparisonReport report, PairGroup pair)
    {
        var rows = report.Learning.Where(r => r.Pair == pair.Name && r.Group == pair.Group).ToArray();
        if (rows.Length == 0 || rows.All(r => r.N == 0)) return;
        var level = Pct(report.Options.ConfidenceLevel);
        md.AppendLine("### Learning").AppendLine();
        md.AppendLine("On trainer steps, per seed: the gain of the final evaluation over the first (the warm start), and the change over the " +
            "last quarter of the run (final minus the accuracy interpolated at ¾ of it); a curve still rising at the end leaves " +
            "steps-to-target near the end close to censored.").AppendLine();
        md.AppendLine($"| arm | n | gain over the first evaluation, mean [{level} t] | last quarter | change over the last quarter, mean [{level} t] |");
        md.AppendLine("| --- | ---: | --- | --- | --- |");
        foreach (var r in rows)
        {
            var quarter = double.IsNaN(r.QuarterFrom) ? "each run's own" : $"steps {Num(r.QuarterFrom)} → {Num(r.QuarterTo)}";
            md.AppendLine($"| {Escape(r.Algorithm)} | {r.N} | {Signed(r.GainMean)} {Interval(r.N, r.GainLow, r.GainHigh)} | {quarter} | " +
                $"{Signed(r.ChangeMean)} {Interval(r.N, r.ChangeLow, r.ChangeHigh)} |");
        }
        md.AppendLine();
    }

    /// <summary>"[low, high]" of a t interval, "n = 1, no interval" for one value, "–" for none.</summary>
    private static string Interval(int n, double low, double high) =>
        n >= 2 && !double.IsNaN(low) ? $"[{Signed(low)}, {Signed(high)}]" : n == 1 ? "n = 1, no interval" : "–";

    private static string MetricLabel(string metric) => metric switch
    {
        Protocol.AucSteps => "ΔAUC(steps) (primary)",
        Protocol.AucTokens => "ΔAUC(tokens)",
        Protocol.FinalAccuracy => "Δ final accuracy",
        _ => metric,
    };

    private static void Speedups(StringBuilder md, ComparisonReport report, PairGroup pair)
    {
        var rows = report.Speedups.Where(r => r.Pair == pair.Name && r.Group == pair.Group).ToArray();
        if (rows.Length == 0) return;
        var fractions = report.Fractions;
        md.AppendLine("### Speedups").AppendLine();
        md.AppendLine($"S_X = cost of {pair.BaselineName} / cost of {pair.CandidateName} to reach T_X = warm start + X·(baseline final − warm start), " +
            "per seed, by linear interpolation between eval points; geometric mean over seeds with the t interval on log S. " +
            "≤ marks seeds where the candidate never reached T_X (entered at their bound t_baseline / run length). " +
            "Wall-clock seconds are each run's own training time (cost/seconds_cum), slowed by whatever else shared the machine: " +
            "that row compares the arms only where they ran under the same load.").AppendLine();
        md.AppendLine("| axis | " + string.Join(" | ", fractions.Select(x => $"X = {Num(x)}")) + " |");
        md.AppendLine("| --- |" + string.Concat(fractions.Select(_ => " ---: |")));
        foreach (var axis in CostAxes.All)
        {
            var cells = fractions.Select(x => rows.FirstOrDefault(r => r.Axis == axis.ToName() && r.Fraction == x) is { } r ? VerdictText.Speedup(r) : "–");
            md.AppendLine($"| {axis.ToLabel()} | " + string.Join(" | ", cells) + " |");
        }
        md.AppendLine();
        var exclusions = rows.Where(r => Protocol.Axes.Any(a => a.ToName() == r.Axis))
            .Select(r => (r, Text: VerdictText.Exclusion(r, report.Options.ConfidenceLevel))).Where(e => e.Text is not null).ToArray();
        if (exclusions.Length > 0)
        {
            md.AppendLine("Where the candidate is not shown faster:").AppendLine();
            foreach (var (r, text) in exclusions) md.AppendLine($"- S_{Num(r.Fraction)} ({r.Axis}): {text}");
            md.AppendLine();
        }
        MarkdownTables.BudgetAndCrossings(md, report, pair, rows);
    }

    internal static void Images(StringBuilder md, IReadOnlyList<PlotFile> plots)
    {
        foreach (var p in plots) md.AppendLine($"![{Escape(p.Caption)}]({p.Path})").AppendLine();
    }

    internal static string Escape(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
