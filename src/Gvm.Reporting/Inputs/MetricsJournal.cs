using System.Globalization;
using System.Text.Json;
using Gvm.Core.Runs;

namespace Gvm.Reporting.Inputs;

/// <summary>Reads metrics.jsonl (one JSON object per line: step, time, metric name → number).</summary>
public static class MetricsJournal
{
    /// <summary>
    /// Parses every line. A final line without its newline that does not parse is ignored (the trainer may be writing
    /// it); any other bad line throws <see cref="ReportInputException"/> naming the line and the field.
    /// </summary>
    public static async Task<IReadOnlyList<MetricRecord>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var text = await JsonLines.ReadTextAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(text, path);
    }

    public static IReadOnlyList<MetricRecord> Parse(string text, string source) => JsonLines.Parse(text, source, ParseLine);

    private static MetricRecord ParseLine(JsonElement root, string source, int lineNumber)
    {
        long? step = null;
        double time = double.NaN;
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in root.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Null) continue;
            var value = ReadNumber(p, source, lineNumber);
            switch (p.Name)
            {
                case MetricNames.Step:
                    if (value < 0 || value != Math.Floor(value))
                        throw new ReportInputException(source, lineNumber, p.Name, "must be a non-negative integer");
                    step = (long)value;
                    break;
                case MetricNames.Time:
                    time = value;
                    break;
                default:
                    values[p.Name] = value;
                    break;
            }
        }
        if (step is null) throw new ReportInputException(source, lineNumber, MetricNames.Step, "is missing");
        return new MetricRecord(step.Value, time, values);
    }

    private static double ReadNumber(JsonProperty p, string source, int lineNumber)
    {
        if (p.Value.ValueKind == JsonValueKind.Number) return p.Value.GetDouble();
        // GvmJson writes non-finite values as named literals ("NaN", "Infinity").
        if (p.Value.ValueKind == JsonValueKind.String
            && double.TryParse(p.Value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var named)
            && !double.IsFinite(named))
            return named;
        throw new ReportInputException(source, lineNumber, p.Name, $"must be a number, got {p.Value.ValueKind.ToString().ToLowerInvariant()}");
    }
}
