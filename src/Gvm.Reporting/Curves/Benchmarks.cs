using System.Text.RegularExpressions;
using Gvm.Core.Runs;
using Gvm.Core.Runs.Files;
using Gvm.Reporting.Inputs;

namespace Gvm.Reporting.Curves;

/// <summary>
/// Which eval/* keys are accuracy columns. The built-in task writes eval/accuracy (the average) and
/// eval/accuracy_level_{k}; math runs write eval/&lt;benchmark&gt;/&lt;statistic&gt; such as eval/math500/mean_at_k.
/// </summary>
public static partial class Benchmarks
{
    /// <summary>Column name of the average over benchmarks.</summary>
    public const string Average = "average";

    /// <summary>The benchmark column a metric key belongs to, or null when the key is not an eval accuracy.</summary>
    public static string? ColumnOf(string key)
    {
        if (key == MetricNames.EvalAccuracy) return Average;
        var level = LevelKey().Match(key);
        if (level.Success) return $"level_{level.Groups[1].Value}";
        var bench = BenchmarkKey().Match(key);
        return bench.Success ? bench.Groups[1].Value : null;
    }

    /// <summary>Benchmark columns seen in any of the runs, levels in numeric order, then names, then the average.</summary>
    public static IReadOnlyList<string> Columns(IEnumerable<RunRecord> runs)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in runs)
            foreach (var m in run.Metrics)
                foreach (var key in m.Values.Keys)
                    if (ColumnOf(key) is { } c) set.Add(c);
        if (set.Count > 0) set.Add(Average);
        return set.OrderBy(c => c == Average ? 2 : c.StartsWith("level_", StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(c => c.StartsWith("level_", StringComparison.Ordinal) && int.TryParse(c[6..], out var k) ? k : 0)
            .ThenBy(c => c, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>
    /// The accuracy of one eval record in a column. The average is eval/accuracy when written, else the mean of the
    /// record's benchmark columns. NaN when the record has no such value.
    /// </summary>
    public static double ValueOf(MetricRecord record, string column)
    {
        if (column == Average && record.TryGet(MetricNames.EvalAccuracy, out var avg)) return avg;
        var values = ColumnValues(record);
        if (column != Average) return values.TryGetValue(column, out var v) ? v : double.NaN;
        return values.Count > 0 ? values.Values.Average() : double.NaN;
    }

    /// <summary>Benchmark column → value of one record (the average excluded). When a benchmark has several
    /// statistics, mean_at_k wins over accuracy, then acc, then pass_at_k.</summary>
    private static Dictionary<string, double> ColumnValues(MetricRecord record)
    {
        var best = new Dictionary<string, (int Rank, double Value)>(StringComparer.Ordinal);
        foreach (var (key, value) in record.Values)
        {
            var c = ColumnOf(key);
            if (c is null || c == Average) continue;
            var rank = key.Contains("/mean_at_", StringComparison.Ordinal) ? 0
                : key.EndsWith("/accuracy", StringComparison.Ordinal) || c.StartsWith("level_", StringComparison.Ordinal) ? 1
                : key.EndsWith("/acc", StringComparison.Ordinal) ? 2 : 3;
            if (!best.TryGetValue(c, out var b) || rank < b.Rank) best[c] = (rank, value);
        }
        return best.ToDictionary(kv => kv.Key, kv => kv.Value.Value, StringComparer.Ordinal);
    }

    /// <summary>The metric record is an eval record when it holds at least one accuracy key.</summary>
    public static bool IsEval(MetricRecord record) => record.Values.Keys.Any(k => ColumnOf(k) is not null);

    [GeneratedRegex(@"^eval/accuracy_level_(\d+)$")]
    private static partial Regex LevelKey();

    // eval/<benchmark>/<statistic>, where the statistic is an accuracy (mean_at_k, pass_at_k, accuracy, acc).
    [GeneratedRegex(@"^eval/([^/]+)/(?:mean_at_\w+|pass_at_\w+|accuracy|acc)$")]
    private static partial Regex BenchmarkKey();
}
