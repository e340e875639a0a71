using System.Globalization;
using System.Text;
using Gvm.Reporting.Comparison;
using Gvm.Core.Runs;
using Gvm.Reporting.Curves;
using Gvm.Reporting.Fairness;

namespace Gvm.Reporting.Output;

/// <summary>Renders comparison.md: runs, a Table-1-style accuracy table per group, speedups, fairness, plots.</summary>
public static class MarkdownReport
{
    public const string FileName = "comparison.md";

    public static string Render(ComparisonReport report, IReadOnlyList<string> plotFiles)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(plotFiles);
        var md = new StringBuilder();
        var o = report.Options;
        md.AppendLine($"# Comparison report: {Escape(report.SweepName)}").AppendLine();
        var complete = report.Runs.Count(r => r.Complete);
        md.AppendLine($"Sweep `{report.SweepId}`: {report.Runs.Count} runs, {complete} complete. Statistics use complete runs only " +
            $"(result.json with state succeeded). Intervals: {Pct(o.ConfidenceLevel)} percentile bootstrap over seeds, " +
            $"{o.BootstrapResamples} resamples, System.Random seed {o.BootstrapSeed}.").AppendLine();
        Runs(md, report.Runs);
        foreach (var group in report.Columns.Keys.Order(StringComparer.Ordinal)) Accuracy(md, report, group);
        foreach (var pair in report.Pairs) Speedups(md, report, pair);
        Fairness(md, report.Fairness);
        if (plotFiles.Count > 0)
        {
            md.AppendLine("## Plots").AppendLine();
            foreach (var f in plotFiles) md.AppendLine($"![{Path.GetFileNameWithoutExtension(f)}]({f})").AppendLine();
        }
        return md.ToString();
    }

    private static void Runs(StringBuilder md, IReadOnlyList<RunRow> runs)
    {
        md.AppendLine("## Runs").AppendLine();
        var incomplete = runs.Where(r => !r.Complete).ToArray();
        if (incomplete.Length > 0)
            md.AppendLine($"**{incomplete.Length} incomplete run(s)**, left out of every statistic: " +
                string.Join(", ", incomplete.Select(r => $"`{r.Name}` ({r.State})")) + ".").AppendLine();
        md.AppendLine("| run | algorithm | seed | group | state | attempts | exit code | evals | final accuracy |");
        md.AppendLine("| --- | --- | ---: | --- | --- | ---: | ---: | ---: | ---: |");
        foreach (var r in runs)
            md.AppendLine($"| `{Escape(r.Name)}` | {r.Algorithm} | {r.Seed} | {Escape(r.Group)} | {(r.Complete ? r.State : $"**{r.State}**")} | " +
                $"{(r.Attempts?.ToString(CultureInfo.InvariantCulture) ?? "–")} | {(r.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "–")} | {r.EvalPoints} | {Acc(r.FinalAccuracy)} |");
        md.AppendLine();
    }

    private static void Accuracy(StringBuilder md, ComparisonReport report, string group)
    {
        var columns = report.Columns[group];
        var rows = report.Accuracy.Where(r => r.Group == group).ToArray();
        if (columns.Count == 0 || rows.Length == 0) return;
        md.AppendLine($"## Final accuracy: {Escape(group)}").AppendLine();
        md.AppendLine("Mean ± std over complete seeds (n), last evaluation of each run.").AppendLine();
        md.AppendLine("| algorithm | " + string.Join(" | ", columns.Select(Column)) + " |");
        md.AppendLine("| --- |" + string.Concat(columns.Select(_ => " ---: |")));
        foreach (var alg in rows.Select(r => r.Algorithm).Distinct())
        {
            var cells = columns.Select(c => rows.FirstOrDefault(r => r.Algorithm == alg && r.Benchmark == c) is { Runs: > 0 } r
                ? $"{Acc(r.FinalMean)} ± {Acc(r.FinalStd)} ({r.Runs})" : "–");
            md.AppendLine($"| {alg} | " + string.Join(" | ", cells) + " |");
        }
        md.AppendLine();
        var paired = rows.Where(r => r.PairedWith.Length > 0).Select(r => (r.Algorithm, r.PairedWith)).Distinct().ToArray();
        if (paired.Length == 0) return;
        md.AppendLine($"Paired difference (candidate − baseline, same seed): mean [{Pct(report.Options.ConfidenceLevel)} CI] (seeds).").AppendLine();
        md.AppendLine("| pair | " + string.Join(" | ", columns.Select(Column)) + " |");
        md.AppendLine("| --- |" + string.Concat(columns.Select(_ => " ---: |")));
        foreach (var (cand, baseAlg) in paired)
        {
            var cells = columns.Select(c => rows.FirstOrDefault(r => r.Algorithm == cand && r.Benchmark == c) is { PairedSeeds: > 0 } r
                ? $"{Signed(r.PairedDiffMean)} [{Signed(r.PairedDiffLow)}, {Signed(r.PairedDiffHigh)}] ({r.PairedSeeds})" : "–");
            md.AppendLine($"| {cand} − {baseAlg} | " + string.Join(" | ", cells) + " |");
        }
        md.AppendLine();
    }

    private static void Speedups(StringBuilder md, ComparisonReport report, PairGroup pair)
    {
        var rows = report.Speedups.Where(r => r.Pair == pair.Name && r.Group == pair.Group).ToArray();
        if (rows.Length == 0) return;
        var fractions = report.Options.Fractions;
        md.AppendLine($"## Speedup: {Escape(pair.Title)}").AppendLine();
        md.AppendLine($"S_X = t_{pair.Baseline.ToDisplay()} / t_{pair.Candidate.ToDisplay()} to reach T_X = base + X·(baseline final − base), " +
            "crossings by linear interpolation on the monotone envelope of the average accuracy. Median over seeds " +
            $"[{Pct(report.Options.ConfidenceLevel)} CI]; ≥ / ≤ mark bounds from right-censored runs (a run that never crosses enters at its t_max).").AppendLine();
        md.AppendLine("| axis | " + string.Join(" | ", fractions.Select(x => $"X = {Num(x)}")) + " |");
        md.AppendLine("| --- |" + string.Concat(fractions.Select(_ => " ---: |")));
        foreach (var axis in CostAxes.All)
        {
            var cells = fractions.Select(x => rows.FirstOrDefault(r => r.Axis == axis.ToName() && r.Fraction == x) is { } r ? SpeedupCell(r) : "–");
            md.AppendLine($"| {axis.ToLabel()} | " + string.Join(" | ", cells) + " |");
        }
        md.AppendLine();
        md.AppendLine("Accuracy at the baseline's total budget (mean over seeds):").AppendLine();
        md.AppendLine($"| axis | baseline budget (median) | {pair.Baseline.ToDisplay()} final | {pair.Candidate.ToDisplay()} at that budget |");
        md.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var axis in CostAxes.All)
        {
            if (rows.FirstOrDefault(r => r.Axis == axis.ToName()) is not { } r) continue;
            md.AppendLine($"| {axis.ToLabel()} | {Num(r.BaselineBudget)} | {Acc(r.BaselineFinalMean)} | {Acc(r.CandidateAtBudgetMean)} |");
        }
        md.AppendLine();
        Crossings(md, report, pair);
        Notes(md, rows);
    }

    /// <summary>Each distinct note once, with the axes and fractions it applies to (all of them in the common case).</summary>
    private static void Notes(StringBuilder md, SpeedupRow[] rows)
    {
        var notes = rows.Where(r => r.Note.Length > 0)
            .SelectMany(r => r.Note.Split("; ").Select(n => (Note: n, Where: $"{r.Axis} X={Num(r.Fraction)}")))
            .GroupBy(n => n.Note).ToArray();
        if (notes.Length == 0) return;
        md.AppendLine("Notes:").AppendLine();
        foreach (var g in notes)
        {
            var where = g.Count() == rows.Length ? "all axes and X" : string.Join(", ", g.Select(n => n.Where));
            md.AppendLine($"- {Escape(g.Key)} ({where})");
        }
        md.AppendLine();
    }

    /// <summary>Per-seed crossing steps; a run that never reached the target shows "&gt; t_max".</summary>
    private static void Crossings(StringBuilder md, ComparisonReport report, PairGroup pair)
    {
        var axis = CostAxis.Steps.ToName();
        var rows = report.Crossings.Where(r => r.Pair == pair.Name && r.Group == pair.Group && r.Axis == axis && !double.IsNaN(r.Target)).ToArray();
        if (rows.Length == 0) return;
        var fractions = report.Options.Fractions;
        md.AppendLine("Trainer steps to reach T_X per seed (\"> t_max\": never reached within the run; all axes in crossings.csv):").AppendLine();
        md.AppendLine("| seed | algorithm | " + string.Join(" | ", fractions.Select(x => $"X = {Num(x)}")) + " |");
        md.AppendLine("| ---: | --- |" + string.Concat(fractions.Select(_ => " ---: |")));
        foreach (var seed in rows.Select(r => r.Seed).Distinct().Order())
        {
            foreach (var (alg, isBaseline) in new[] { (pair.Baseline, true), (pair.Candidate, false) })
            {
                var cells = fractions.Select(x => rows.FirstOrDefault(r => r.Seed == seed && r.Fraction == x) is { } r
                    ? Time(isBaseline ? r.BaselineT : r.CandidateT, isBaseline ? r.BaselineCensored : r.CandidateCensored) : "–");
                md.AppendLine($"| {seed} | {alg.ToDisplay()} | " + string.Join(" | ", cells) + " |");
            }
        }
        md.AppendLine();
    }

    private static string Time(double t, bool censored) => censored ? $"> {Num(t)}" : Num(t);

    private static string SpeedupCell(SpeedupRow r)
    {
        if (r.Seeds == 0 || double.IsNaN(r.SpeedupMedian)) return "n/a";
        var prefix = r.Bound switch { "lower_bound" => "≥ ", "upper_bound" => "≤ ", _ => "" };
        var censored = r.CensoredSeeds > 0 ? $", {r.CensoredSeeds} censored" : "";
        return $"{prefix}{r.SpeedupMedian:0.00}× [{r.SpeedupLow:0.00}, {r.SpeedupHigh:0.00}] ({r.Seeds}{censored})";
    }

    private static void Fairness(StringBuilder md, IReadOnlyList<FairnessRow> rows)
    {
        md.AppendLine("## Fairness").AppendLine();
        if (rows.Count == 0)
        {
            md.AppendLine("No declared pair has both runs in the plan.").AppendLine();
            return;
        }
        var flags = rows.Count(r => r.Status == FairnessStatus.Flag);
        md.AppendLine(flags == 0 ? "Every check passed." : $"**{flags} check(s) flagged**: the pair differs in something it should share; read the speedups with that in mind.").AppendLine();
        md.AppendLine("| pair | seed | check | status | baseline | candidate | note |");
        md.AppendLine("| --- | ---: | --- | --- | --- | --- | --- |");
        foreach (var r in rows)
        {
            var status = r.Status == FairnessStatus.Flag ? "**FLAG**" : FairnessText.Status(r.Status);
            var title = string.IsNullOrEmpty(r.Group) || r.Group == GroupKey.All ? r.Pair : $"{r.Pair} ({r.Group})";
            md.AppendLine($"| {Escape(title)} | {r.Seed} | {r.Check} | {status} | {Escape(r.Baseline)} | {Escape(r.Candidate)} | {Escape(r.Note)} |");
        }
        md.AppendLine();
    }

    private static string Column(string c) => c.StartsWith("level_", StringComparison.Ordinal) ? $"level {c[6..]}" : c;
    private static string Acc(double v) => double.IsNaN(v) ? "–" : v.ToString("0.000", CultureInfo.InvariantCulture);
    private static string Signed(double v) => double.IsNaN(v) ? "–" : v.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);
    private static string Pct(double level) => (level * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
    private static string Num(double v) => double.IsNaN(v) ? "–"
        : Math.Abs(v) >= 1000 ? v.ToString("#,0", CultureInfo.InvariantCulture) : v.ToString("0.###", CultureInfo.InvariantCulture);
    private static string Escape(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
