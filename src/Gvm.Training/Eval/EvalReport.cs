using System.Globalization;
using System.Text;
using System.Text.Json;
using Gvm.Core;
using Gvm.Core.IO;

namespace Gvm.Training.Eval;

/// <summary>
/// Files of an evaluation directory: <c>samples.jsonl</c> (one line per generated sample), <c>summary.json</c>
/// (options and per-benchmark scores) and <c>table1.md</c> (the paper's Table-1 layout: mean@k ×100 per benchmark and
/// their average, then pass@k and maj@k). Each file is written atomically.
/// </summary>
public static class EvalReport
{
    public const string SamplesFile = "samples.jsonl";
    public const string SummaryFile = "summary.json";
    public const string TableFile = "table1.md";

    private static readonly Dictionary<string, string> Titles = new()
    {
        ["math500"] = "MATH500",
        ["minerva_math"] = "Minerva Math",
        ["olympiad_bench"] = "OlympiadBench",
        ["aime24"] = "AIME24",
        ["amc23"] = "AMC23",
    };

    public static void Write(EvalResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        var lines = new StringBuilder();
        foreach (var s in result.Samples) lines.Append(JsonSerializer.Serialize(s, GvmJson.Line)).Append('\n');
        AtomicFile.WriteAllText(Path.Combine(directory, SamplesFile), lines.ToString());
        var summary = new EvalSummary(result.Model, result.Options, result.Scores, result.AverageMeanAtK);
        AtomicFile.WriteAllText(Path.Combine(directory, SummaryFile), JsonSerializer.Serialize(summary, GvmJson.Options));
        AtomicFile.WriteAllText(Path.Combine(directory, TableFile), ToMarkdown(result));
    }

    /// <summary>Table 1 of the paper (mean@k, in percent) followed by the pass@k / maj@k table.</summary>
    public static string ToMarkdown(EvalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var k = result.Options.Samples;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"mean@{k} (%), temperature {result.Options.Temperature}, max {result.Options.MaxNewTokens} new tokens\n\n");
        sb.Append("| Model | ").AppendJoin(" | ", result.Scores.Select(s => Titles.GetValueOrDefault(s.Benchmark, s.Benchmark))).Append(" | Average |\n");
        sb.Append("| --- |").Append(string.Concat(Enumerable.Repeat(" ---: |", result.Scores.Count + 1))).Append('\n');
        sb.Append("| ").Append(result.Model).Append(" | ")
          .AppendJoin(" | ", result.Scores.Select(s => Percent(s.MeanAtK))).Append(" | ").Append(Percent(result.AverageMeanAtK)).Append(" |\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"| Benchmark | problems | mean@{k} | pass@{k} | maj@{k} | tokens | seconds |\n");
        sb.Append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        foreach (var s in result.Scores)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"| {Titles.GetValueOrDefault(s.Benchmark, s.Benchmark)} | {s.Problems} | {Percent(s.MeanAtK)} | {Percent(s.PassAtK)} | {Percent(s.MajAtK)} | {s.GeneratedTokens} | {s.Seconds:F1} |\n");
        }
        return sb.ToString();
    }

    private static string Percent(double fraction) => (fraction * 100).ToString("F1", CultureInfo.InvariantCulture);

    private sealed record EvalSummary(string Model, MathEvalOptions Options, IReadOnlyList<BenchmarkScore> Scores, double AverageMeanAtK);
}
