using System.Globalization;
using System.Text.Json;
using Gvm.Core.Metrics;

namespace Gvm.Tracking.Mlflow;

/// <summary>
/// MLflow's JSON wire conventions (spec §1): ids as strings, int64 as numbers, metric values as numbers or the
/// protobuf strings "NaN" / "Infinity" / "-Infinity", and lenient parsing (numbers may arrive as strings).
/// </summary>
public static class MlflowWire
{
    /// <summary>Writes a double the way protobuf JSON does: never the bare tokens NaN/Infinity.</summary>
    public static void WriteDouble(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsNaN(value)) writer.WriteString(name, "NaN");
        else if (double.IsPositiveInfinity(value)) writer.WriteString(name, "Infinity");
        else if (double.IsNegativeInfinity(value)) writer.WriteString(name, "-Infinity");
        else writer.WriteNumber(name, value);
    }

    public static void WriteMetric(Utf8JsonWriter writer, in MetricPoint point)
    {
        writer.WriteStartObject();
        writer.WriteString("key", point.Key);
        WriteDouble(writer, "value", point.Value);
        writer.WriteNumber("timestamp", point.TimestampMs);
        writer.WriteNumber("step", point.Step);
        writer.WriteEndObject();
    }

    public static void WriteKeyValues(Utf8JsonWriter writer, string name, IEnumerable<KeyValuePair<string, string>> items)
    {
        writer.WriteStartArray(name);
        foreach (var (k, v) in items)
        {
            writer.WriteStartObject();
            writer.WriteString("key", k);
            writer.WriteString("value", v);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    public static double ReadDouble(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String => ParseDoubleText(e.GetString()!),
        _ => throw new FormatException($"expected a number, got {e.ValueKind}"),
    };

    public static double ParseDoubleText(string s) => s switch
    {
        "NaN" or "nan" => double.NaN,
        "Infinity" or "inf" or "+Infinity" => double.PositiveInfinity,
        "-Infinity" or "-inf" => double.NegativeInfinity,
        _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    public static long ReadInt64(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetInt64(),
        JsonValueKind.String => long.Parse(e.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture),
        _ => throw new FormatException($"expected an integer, got {e.ValueKind}"),
    };

    public static string? String(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())
            : null;

    public static long? Int64(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? ReadInt64(v)
            : null;

    /// <summary>A missing repeated field is an empty list (spec §1 "Omitted fields").</summary>
    public static IEnumerable<JsonElement> Array(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray()
            : [];

    public static Dictionary<string, string> KeyValues(JsonElement obj, string name)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kv in Array(obj, name)) d[String(kv, "key") ?? ""] = String(kv, "value") ?? "";
        return d;
    }

    public static MlflowExperiment ParseExperiment(JsonElement e) => new(
        String(e, "experiment_id") ?? throw new FormatException("experiment without experiment_id"),
        String(e, "name") ?? "",
        String(e, "artifact_location") ?? "",
        String(e, "lifecycle_stage") ?? "active");

    public static MlflowRun ParseRun(JsonElement run)
    {
        var info = run.TryGetProperty("info", out var i) ? i : default;
        var data = run.TryGetProperty("data", out var d) ? d : default;
        var runId = String(info, "run_id") ?? String(info, "run_uuid") ?? throw new FormatException("run without run_id");
        return new MlflowRun(
            runId,
            String(info, "experiment_id") ?? "",
            String(info, "run_name") ?? "",
            String(info, "status") is { } s ? MlflowRunStatusNames.Parse(s) : MlflowRunStatus.Running,
            Int64(info, "start_time") ?? 0,
            Int64(info, "end_time"),
            String(info, "artifact_uri") ?? "",
            String(info, "lifecycle_stage") ?? "active",
            KeyValues(data, "params"),
            KeyValues(data, "tags"));
    }

    public static MetricPoint ParseMetric(JsonElement m) => new(
        String(m, "key") ?? "",
        m.TryGetProperty("value", out var v) ? ReadDouble(v) : 0,
        Int64(m, "timestamp") ?? 0,
        Int64(m, "step") ?? 0);
}
