using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Gvm.Reasoning.Datasets;

namespace Gvm.Reasoning.Grading;

/// <summary>One timed grading case: a full response (extraction + equivalence) or an extracted prediction.</summary>
public sealed record GradeBenchCase(string Id, string? Response, string? Pred, string Gold);

/// <summary>Per-set timing: median, 99th percentile and worst per-case time (each case: median of its repeats).</summary>
public sealed record GradeBenchRow(string Set, int Cases, double MedianMs, double P99Ms, double WorstMs, string WorstCase);

/// <summary>Latency of <see cref="MathGrader"/> for <c>gvm bench grade</c> (issue 5: median &lt; 0.2 ms, worst &lt; 50 ms).</summary>
public static class GradeBenchmark
{
    public static async Task<IReadOnlyList<GradeBenchCase>> LoadGradingCasesAsync(string path, CancellationToken cancellationToken = default)
    {
        var cases = new List<GradeBenchCase>();
        int lineNo = 0;
        await foreach (var line in File.ReadLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var o = JsonNode.Parse(line)!.AsObject();
            cases.Add(new GradeBenchCase(
                o["id"]?.ToString() ?? lineNo.ToString(CultureInfo.InvariantCulture),
                o["response"]?.GetValue<string>(), o["pred"]?.GetValue<string>(), o["gold"]!.GetValue<string>()));
        }
        return cases;
    }

    public static async Task<IReadOnlyList<GradeBenchCase>> LoadMath500CasesAsync(CancellationToken cancellationToken = default)
    {
        var problems = await Benchmarks.LoadAsync(Benchmark.Math500, cancellationToken).ConfigureAwait(false);
        return [.. problems.Select(p => new GradeBenchCase(p.Id, p.Solution ?? "", null, p.Answer))];
    }

    public static GradeBenchRow Measure(string set, IReadOnlyList<GradeBenchCase> cases, int repeats, GradeOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        foreach (var c in cases) Run(c, options); // warm-up: JIT and static tables
        var perCase = new double[cases.Count];
        var samples = new double[repeats];
        for (int i = 0; i < cases.Count; i++)
        {
            for (int r = 0; r < repeats; r++)
            {
                long t0 = Stopwatch.GetTimestamp();
                Run(cases[i], options);
                samples[r] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
            Array.Sort(samples);
            perCase[i] = samples[repeats / 2];
        }
        int worst = Array.IndexOf(perCase, perCase.Max());
        var sorted = perCase.Order().ToArray();
        return new GradeBenchRow(set, cases.Count, sorted[sorted.Length / 2], sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(0.99 * sorted.Length) - 1)],
            sorted[^1], cases[worst].Id);
    }

    private static bool Run(GradeBenchCase c, GradeOptions options) =>
        c.Response is not null ? MathGrader.Grade(c.Response, c.Gold, options).Correct : MathGrader.Compare(c.Pred!, c.Gold, options).Correct;

    public static string ToMarkdown(IEnumerable<GradeBenchRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| set | cases | median ms | p99 ms | worst ms | worst case |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | --- |");
        foreach (var r in rows)
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {r.Set} | {r.Cases} | {r.MedianMs:F4} | {r.P99Ms:F3} | {r.WorstMs:F3} | {r.WorstCase} |");
        return sb.ToString();
    }
}
