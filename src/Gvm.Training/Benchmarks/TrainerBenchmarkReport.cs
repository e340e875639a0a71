using System.Globalization;
using Gvm.Core.Runs;

namespace Gvm.Training.Benchmarks;

/// <summary>
/// Markdown tables of <see cref="TrainerBenchmarkResult"/>: per algorithm, seconds per step by phase and the rates; with
/// a comparison, each tree's median over repeats and the ratio A/B as median [min–max] of the per-repeat ratios.
/// </summary>
public static class TrainerBenchmarkReport
{
    private sealed record Measure(string Name, Func<StepProfile, double?> Value, Func<double, string> Format);

    private static string Seconds(double s) => s.ToString("F3", CultureInfo.InvariantCulture);
    private static string Rate(double r) => r.ToString("N0", CultureInfo.InvariantCulture);
    private static string Percent(double f) => (100 * f).ToString("F1", CultureInfo.InvariantCulture) + "%";
    private static string Mib(double b) => (b / 1048576).ToString("F0", CultureInfo.InvariantCulture) + " MiB";
    private static string Count(double c) => c.ToString("0.##", CultureInfo.InvariantCulture);

    private static readonly Measure[] Phases =
    [
        new("presample (GVM stage 1: generate + score)", p => p.Presample, Seconds),
        new("gradient norms (GVM)", p => p.GradNorms, Seconds),
        new("allocate (GVM)", p => p.Allocate, Seconds),
        new("generate (stage 2)", p => p.Generate, Seconds),
        new("score", p => p.Score, Seconds),
        new("generate + score (perf/generate_s)", p => p.GenerateAndScore, Seconds),
        new("old/reference log-probs", p => p.LogProbs, Seconds),
        new("update passes + AdamW", p => p.Update, Seconds),
        new("update phase (perf/update_s)", p => p.UpdatePhase, Seconds),
        new("other (advantages, bookkeeping)", p => p.Other, Seconds),
        new("**step**", p => p.Step, Seconds),
    ];

    private static readonly Measure[] Rates =
    [
        new("generation tokens/s (stages 1 + 2)", p => p.GenerationTokensPerSecond, Rate),
        new("update tokens/s (response tokens × epochs)", p => p.UpdateTokensPerSecond, Rate),
        new("optimizer updates per step", p => p.OptimizerUpdates, Count),
        new("GVM extra (presample + gradient norms + allocate) / step time", p => p.GvmExtraFraction, Percent),
        new("peak RSS", p => p.PeakRssBytes, Mib),
    ];

    public static string ToMarkdown(TrainerBenchmarkResult result)
    {
        var o = result.Options;
        var lines = new List<string>
        {
            "# gvm bench trainer",
            "",
            $"{o.Steps} RL steps per run from `{result.Checkpoint}`, {result.Threads} thread(s), {o.Repeats} repeat(s); " +
            $"specs: {(o.Spec is null ? "experiments/specs/smoke-{algorithm}.json" : o.Spec)}; values are means over a run's steps " +
            "(GVM presampling included), medians over repeats.",
            $"Machine: {Environment.ProcessorCount} cores, load average {result.LoadBefore:F1} before and {result.LoadAfter:F1} after; " +
            $"reference matmul (1024², float32, {result.Threads} thread(s), this process) {result.MatmulFlopsBefore / 1e9:F1} GFLOP/s before and " +
            $"{result.MatmulFlopsAfter / 1e9:F1} GFLOP/s after; wall {result.WallSeconds / 60:F1} min.",
        };
        if (result.B is { } b)
        {
            lines.Add($"A = {result.A.Label}, B = {b.Label}; runs alternate A B, B A, ... and each ratio is A/B of one repeat " +
                      "(below 1: A needs less time; for rates, above 1: A is faster).");
            if (result.DroppedFieldsB.Count > 0)
                lines.Add($"Spec fields B does not know, dropped for its runs (its defaults apply): {string.Join(", ", result.DroppedFieldsB)}.");
        }
        foreach (var profiles in result.Algorithms)
        {
            lines.Add("");
            lines.Add($"## {profiles.Algorithm.ToDisplay()} (`{profiles.Algorithm.ToName()}`)");
            lines.Add("");
            lines.AddRange(Table(profiles, result.B is not null, result.A.Label, result.B?.Label));
        }
        if (result.ModelGenerationA.Count > 0)
        {
            lines.Add("");
            lines.Add("## `gvm bench model --batch 64 --new-tokens 64 --steps 0 --threads 2` (generation tokens/s, KV cache)");
            lines.Add("");
            lines.AddRange(ModelTable(result));
        }
        lines.AddRange(Targets(result));
        if (result.ThreadStudies.Count > 0)
        {
            lines.Add("");
            lines.Add($"## Threads: one trainer with 2 threads vs two trainers with 1 thread each ({result.A.Label})");
            lines.Add("");
            lines.Add("| algorithm | 1 trainer × 1 thread, steps/s | 1 trainer × 2 threads, steps/s | 2 trainers × 1 thread, steps/s of the pair | pair / (1 × 2 threads) |");
            lines.Add("|---|---:|---:|---:|---:|");
            foreach (var s in result.ThreadStudies)
            {
                var ratios = s.TwoTrainersOneThreadEach.Zip(s.OneTrainerTwoThreads, (x, y) => x / y).ToList();
                lines.Add($"| {s.Algorithm.ToName()} | {Median(s.OneTrainerOneThread):F3} | {Median(s.OneTrainerTwoThreads):F3} | " +
                          $"{Median(s.TwoTrainersOneThreadEach):F3} | {Spread(ratios)} |");
            }
        }
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    private static IEnumerable<string> Table(AlgorithmProfiles profiles, bool compare, string labelA, string? labelB)
    {
        if (!compare)
        {
            yield return "| phase | s/step | share of step |";
            yield return "|---|---:|---:|";
            var step = Median(profiles.A.Select(p => p.Step));
            foreach (var m in Phases)
            {
                var v = MedianOrNull(profiles.A, m);
                yield return $"| {m.Name} | {(v is { } x ? m.Format(x) : "–")} | {(v is { } y ? Percent(y / step) : "")} |";
            }
            yield return "| **rate** | | |";
            foreach (var m in Rates)
            {
                var v = MedianOrNull(profiles.A, m);
                yield return $"| {m.Name} | {(v is { } x ? m.Format(x) : "–")} | |";
            }
            yield break;
        }
        yield return $"| phase (s/step) | A: {labelA} | B: {labelB} | A/B median [min–max] |";
        yield return "|---|---:|---:|---:|";
        foreach (var m in Phases.Concat(Rates))
        {
            var a = MedianOrNull(profiles.A, m);
            var b = MedianOrNull(profiles.B, m);
            var ratios = profiles.A.Zip(profiles.B, (x, y) => (m.Value(x), m.Value(y)))
                .Where(t => t.Item1 is not null && t.Item2 is > 0)
                .Select(t => t.Item1!.Value / t.Item2!.Value).ToList();
            yield return $"| {m.Name} | {(a is { } x ? m.Format(x) : "–")} | {(b is { } y ? m.Format(y) : "–")} | " +
                         $"{(ratios.Count == profiles.A.Count && ratios.Count > 0 ? Spread(ratios) : "–")} |";
        }
    }

    /// <summary>The issue's targets (step time of the GRPO pair, GVM's extra share, generation rate) in one table.</summary>
    private static IEnumerable<string> Targets(TrainerBenchmarkResult result)
    {
        var rows = new List<string>();
        foreach (var p in result.Algorithms)
        {
            if (result.B is not null && p.Algorithm is Algorithm.Grpo or Algorithm.GvmGrpo)
                rows.Add($"| {p.Algorithm.ToName()} step time A/B | ≤ 0.5× | {Spread(p.A.Zip(p.B, (x, y) => x.Step / y.Step).ToList())} |");
            if (p.Algorithm.UsesGvm())
                rows.Add($"| {p.Algorithm.ToName()} GVM extra per EM iteration (A) | ≤ 20% | " +
                         $"{Percent(Median(p.A.Select(x => x.GvmExtraFraction)))} [{Percent(p.A.Min(x => x.GvmExtraFraction))}–{Percent(p.A.Max(x => x.GvmExtraFraction))}] |");
        }
        if (result.B is not null && result.ModelGenerationA.Count > 0)
            rows.Add($"| bench model generation tokens/s A/B (64 × 64) | ≥ 1.5× | " +
                     $"{Spread(result.ModelGenerationA.Zip(result.ModelGenerationB, (a, b) => a / b).ToList())} |");
        if (rows.Count == 0) yield break;
        yield return "";
        yield return "## Targets";
        yield return "";
        yield return "| measure | target | measured: median [min–max] over repeats |";
        yield return "|---|---|---:|";
        foreach (var r in rows) yield return r;
    }

    private static IEnumerable<string> ModelTable(TrainerBenchmarkResult result)
    {
        if (result.B is null)
        {
            yield return "| tree | tokens/s (median) | repeats |";
            yield return "|---|---:|---|";
            yield return $"| {result.A.Label} | {Rate(Median(result.ModelGenerationA))} | {string.Join(", ", result.ModelGenerationA.Select(Rate))} |";
            yield break;
        }
        var ratios = result.ModelGenerationA.Zip(result.ModelGenerationB, (a, b) => a / b).ToList();
        yield return "| A tokens/s | B tokens/s | A/B median [min–max] |";
        yield return "|---:|---:|---:|";
        yield return $"| {Rate(Median(result.ModelGenerationA))} | {Rate(Median(result.ModelGenerationB))} | {Spread(ratios)} |";
    }

    private static double? MedianOrNull(IReadOnlyList<StepProfile> profiles, Measure m)
    {
        var values = profiles.Select(m.Value).ToList();
        return values.Count == 0 || values.Any(v => v is null) ? null : Median(values.Select(v => v!.Value));
    }

    /// <summary>"0.48× [0.45–0.52]": median and range of per-repeat ratios.</summary>
    public static string Spread(IReadOnlyList<double> ratios) =>
        ratios.Count == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{Median(ratios):F2}× [{ratios.Min():F2}–{ratios.Max():F2}]");

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
