using System.Globalization;
using System.Text;
using System.Text.Json;
using Gvm.Core.Inputs;

namespace Gvm.Core.Runs.Files;

/// <summary>One line of a run's metrics.jsonl: the trainer step, unix time in seconds (NaN when absent) and the named values.</summary>
public sealed record MetricRecord(long Step, double Time, IReadOnlyDictionary<string, double> Values)
{
    public bool TryGet(string key, out double value) => Values.TryGetValue(key, out value);
}

/// <summary>
/// The codec of <see cref="RunFiles.Metrics"/>: one JSON object per line, <c>step</c> (a non-negative integer),
/// <c>time</c> (unix seconds) and metric name → number, a non-finite value written as the string "NaN", "Infinity" or
/// "-Infinity". The trainer writes it (<see cref="Encode"/>), the orchestrator tails it and the report reads it
/// (<see cref="Decode"/>, <see cref="Parse"/>, <see cref="TryDecode"/>): one definition of a valid line.
/// </summary>
public static class MetricsFile
{
    /// <summary>{"step": s, "time": t, name: value, ...} and its newline; numbers in round-trip ("R") form.</summary>
    public static string Encode(long step, double time, IReadOnlyDictionary<string, double> metrics)
    {
        var sb = new StringBuilder();
        sb.Append("{\"").Append(MetricNames.Step).Append("\":").Append(step.ToString(CultureInfo.InvariantCulture));
        sb.Append(",\"").Append(MetricNames.Time).Append("\":").Append(time.ToString("R", CultureInfo.InvariantCulture));
        foreach (var (k, v) in metrics)
        {
            sb.Append(',').Append(JsonSerializer.Serialize(k)).Append(':');
            sb.Append(double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : JsonSerializer.Serialize(v, GvmJson.Line));
        }
        return sb.Append("}\n").ToString();
    }

    /// <summary>
    /// Every line of <paramref name="text"/> (<see cref="RunFileLines.Parse{T}"/>: a torn last line is ignored, any
    /// other bad line is an <see cref="InputException"/> naming <paramref name="source"/>, the line and the field).
    /// </summary>
    public static IReadOnlyList<MetricRecord> Parse(string text, string source) => RunFileLines.Parse(text, source, Decode);

    /// <summary>One line, or false when it is not a valid line (the orchestrator counts such lines, it never throws).</summary>
    public static bool TryDecode(string line, out MetricRecord record)
    {
        try
        {
            record = RunFileLines.DecodeLine(line, RunFiles.Metrics, 0, Decode);
            return true;
        }
        catch (InputException)
        {
            record = null!;
            return false;
        }
    }

    /// <summary>One parsed line: null values are skipped; step is required; every other value must be a number.</summary>
    public static MetricRecord Decode(JsonElement root, string source, int lineNumber)
    {
        long? step = null;
        var time = double.NaN;
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in root.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Null) continue;
            var value = ReadNumber(p, source, lineNumber);
            switch (p.Name)
            {
                case MetricNames.Step:
                    if (value < 0 || value != Math.Floor(value))
                        throw new InputException(source, lineNumber, p.Name, "must be a non-negative integer");
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
        if (step is null) throw new InputException(source, lineNumber, MetricNames.Step, "is missing");
        return new MetricRecord(step.Value, time, values);
    }

    private static double ReadNumber(JsonProperty p, string source, int lineNumber)
    {
        if (p.Value.ValueKind == JsonValueKind.Number) return p.Value.GetDouble();
        // Non-finite values are written as named literals ("NaN", "Infinity").
        if (p.Value.ValueKind == JsonValueKind.String
            && double.TryParse(p.Value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var named)
            && !double.IsFinite(named))
            return named;
        throw new InputException(source, lineNumber, p.Name, $"must be a number, got {p.Value.ValueKind.ToString().ToLowerInvariant()}");
    }
}
