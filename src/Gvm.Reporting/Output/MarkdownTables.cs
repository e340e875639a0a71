using System.Globalization;
using System.Text;
using Gvm.Core.Runs;
using Gvm.Reporting.Comparison;
using Gvm.Reporting.Curves;
using Gvm.Reporting.Fairness;
using static Gvm.Reporting.Output.Numbers;

namespace Gvm.Reporting.Output;

/// <summary>The tables of comparison.md besides the headline: accuracy per group, runs, budgets and crossings, fairness.</summary>
internal static class MarkdownTables
{
    public static void Accuracy(StringBuilder md, ComparisonReport report, string group)
    {
        var columns = report.Columns[group];
        var rows = report.Accuracy.Where(r => r.Group == group).ToArray();
        if (columns.Count == 0 || rows.Length == 0) return;
        var level = Pct(report.Options.ConfidenceLevel);
        md.AppendLine($"## Final accuracy: {MarkdownReport.Escape(group)}").AppendLine();
        md.AppendLine($"Mean over complete seeds [{level} t interval] (n), last evaluation of each run.").AppendLine();
        md.AppendLine("| algorithm | " + string.Join(" | ", columns.Select(Column)) + " |");
        md.AppendLine("| --- |" + string.Concat(columns.Select(_ => " ---: |")));
        foreach (var alg in rows.Select(r => r.Algorithm).Distinct())
        {
            var cells = columns.Select(c => rows.FirstOrDefault(r => r.Algorithm == alg && r.Benchmark == c) is { Runs: > 0 } r
                ? Interval(r.Runs, r.FinalMean, r.FinalLow, r.FinalHigh, Acc) : "–");
            md.AppendLine($"| {alg} | " + string.Join(" | ", cells) + " |");
        }
        md.AppendLine();
        var paired = rows.Where(r => r.PairedWith.Length > 0).Select(r => (r.Algorithm, r.PairedWith)).Distinct().ToArray();
        if (paired.Length == 0) return;
        md.AppendLine($"Paired difference (candidate − baseline, same seed): mean [{level} t interval] (n).").AppendLine();
        md.AppendLine("| pair | " + string.Join(" | ", columns.Select(Column)) + " |");
        md.AppendLine("| --- |" + string.Concat(columns.Select(_ => " ---: |")));
        foreach (var (cand, baseAlg) in paired)
        {
            var cells = columns.Select(c => rows.FirstOrDefault(r => r.Algorithm == cand && r.Benchmark == c) is { PairedSeeds: > 0 } r
                ? Interval(r.PairedSeeds, r.PairedDiffMean, r.PairedDiffLow, r.PairedDiffHigh, Signed) : "–");
            md.AppendLine($"| {cand} − {baseAlg} | " + string.Join(" | ", cells) + " |");
        }
        md.AppendLine();
    }

    public static void Runs(StringBuilder md, IReadOnlyList<RunRow> runs)
    {
        md.AppendLine("## Runs").AppendLine();
        var incomplete = runs.Where(r => !r.Complete).ToArray();
        if (incomplete.Length > 0)
            md.AppendLine($"**{incomplete.Length} incomplete run(s)**, left out of every statistic: " +
                string.Join(", ", incomplete.Select(r => $"`{r.Name}` ({r.State})")) + ".").AppendLine();
        md.AppendLine("| run | algorithm | seed | group | state | attempts | exit code | evals | final accuracy |");
        md.AppendLine("| --- | --- | ---: | --- | --- | ---: | ---: | ---: | ---: |");
        foreach (var r in runs.OrderBy(r => r.Complete))
            md.AppendLine($"| `{MarkdownReport.Escape(r.Name)}` | {r.Algorithm} | {r.Seed} | {MarkdownReport.Escape(r.Group)} | {(r.Complete ? r.State : $"**{r.State}**")} | " +
                $"{(r.Attempts?.ToString(CultureInfo.InvariantCulture) ?? "–")} | {(r.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "–")} | {r.EvalPoints} | {Acc(r.FinalAccuracy)} |");
        md.AppendLine();
    }

    /// <summary>Accuracy at the baseline's budget, per-seed crossing steps, and the notes of the speedup rows.</summary>
    public static void BudgetAndCrossings(StringBuilder md, ComparisonReport report, PairGroup pair, SpeedupRow[] rows)
    {
        md.AppendLine("Accuracy at the baseline's total budget (mean over seeds):").AppendLine();
        md.AppendLine($"| axis | baseline budget (median) | {pair.BaselineName} final | {pair.CandidateName} at that budget |");
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

    /// <summary>Per-seed crossing steps; a run that never reached the target shows "&gt; t_max".</summary>
    private static void Crossings(StringBuilder md, ComparisonReport report, PairGroup pair)
    {
        var axis = CostAxis.Steps.ToName();
        var rows = report.Crossings.Where(r => r.Pair == pair.Name && r.Group == pair.Group && r.Axis == axis && !double.IsNaN(r.Target)).ToArray();
        if (rows.Length == 0) return;
        var fractions = report.Fractions;
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
            md.AppendLine($"- {MarkdownReport.Escape(g.Key)} ({where})");
        }
        md.AppendLine();
    }

    /// <summary>
    /// A pair's checks: flagged rows in a table first; passing ones summarised in one line (comparison.md) or folded
    /// into a &lt;details&gt; table (comparison.html).
    /// </summary>
    public static void Fairness(StringBuilder md, IReadOnlyList<FairnessRow> rows, MarkdownFlavor flavor)
    {
        md.AppendLine("### Fairness").AppendLine();
        if (rows.Count == 0)
        {
            md.AppendLine("No seed of this pair has both runs in the plan.").AppendLine();
            return;
        }
        var flagged = rows.Where(r => r.Status == FairnessStatus.Flag).ToArray();
        var passing = rows.Where(r => r.Status != FairnessStatus.Flag).ToArray();
        if (flagged.Length > 0)
        {
            md.AppendLine($"**{flagged.Length} check(s) flagged**: the pair differs in something it should share; read the numbers with that in mind.").AppendLine();
            Table(md, flagged);
        }
        else md.AppendLine("No check flagged.").AppendLine();
        if (passing.Length == 0) return;
        if (flavor == MarkdownFlavor.Html)
        {
            md.AppendLine($"<details><summary>{passing.Length} passing or not applicable check(s)</summary>").AppendLine();
            Table(md, passing);
            md.AppendLine("</details>").AppendLine();
            return;
        }
        var summary = passing.GroupBy(r => (r.Check, r.Status)).Select(g =>
            $"{g.Key.Check}{(g.Key.Status == FairnessStatus.NotApplicable ? " (n/a)" : "")} (seeds {string.Join(",", g.Select(r => r.Seed).Distinct().Order())})");
        md.AppendLine($"Passing: {MarkdownReport.Escape(string.Join("; ", summary))}. Every row is in fairness.csv.").AppendLine();
    }

    private static void Table(StringBuilder md, IReadOnlyList<FairnessRow> rows)
    {
        md.AppendLine("| seed | check | status | baseline | candidate | note |");
        md.AppendLine("| ---: | --- | --- | --- | --- | --- |");
        foreach (var r in rows)
        {
            var status = r.Status == FairnessStatus.Flag ? "**FLAG**" : FairnessText.Status(r.Status);
            md.AppendLine($"| {r.Seed} | {r.Check} | {status} | {MarkdownReport.Escape(r.Baseline)} | {MarkdownReport.Escape(r.Candidate)} | {MarkdownReport.Escape(r.Note)} |");
        }
        md.AppendLine();
    }

    private static string Time(double t, bool censored) => censored ? $"> {Num(t)}" : Num(t);
    private static string Column(string c) => c.StartsWith("level_", StringComparison.Ordinal) ? $"level {c[6..]}" : c;
}
