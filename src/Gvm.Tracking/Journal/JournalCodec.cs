using System.Buffers;
using System.Text.Json;
using Gvm.Core.Metrics;
using Gvm.Tracking.Mlflow;

namespace Gvm.Tracking.Journal;

/// <summary>
/// JSON-line form of <see cref="JournalRecord"/>. Metric points are compact arrays <c>[key, value, timestamp, step]</c>
/// with non-finite values as "NaN" / "Infinity" / "-Infinity" (as MLflow's wire form), so a journal is valid JSON.
/// </summary>
public static class JournalCodec
{
    public static byte[] Encode(JournalRecord r)
    {
        var buffer = new ArrayBufferWriter<byte>(128 + r.Points.Count * 48);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("type", r.Type);
            w.WriteNumber("time", r.Time);
            Opt(w, "experiment", r.Experiment);
            Opt(w, "key", r.Key);
            Opt(w, "name", r.Name);
            Opt(w, "parent", r.Parent);
            Opt(w, "status", r.Status);
            Opt(w, "dir", r.Dir);
            if (r.Files.Count > 0)
            {
                w.WriteStartArray("files");
                foreach (var f in r.Files) w.WriteStringValue(f);
                w.WriteEndArray();
            }
            if (r.Tags.Count > 0) Pairs(w, "tags", r.Tags);
            if (r.Params.Count > 0) Pairs(w, "params", r.Params);
            if (r.Points.Count > 0)
            {
                w.WriteStartArray("points");
                foreach (var p in r.Points)
                {
                    w.WriteStartArray();
                    w.WriteStringValue(p.Key);
                    if (double.IsFinite(p.Value)) w.WriteNumberValue(p.Value);
                    else w.WriteStringValue(double.IsNaN(p.Value) ? "NaN" : p.Value > 0 ? "Infinity" : "-Infinity");
                    w.WriteNumberValue(p.TimestampMs);
                    w.WriteNumberValue(p.Step);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        var bytes = new byte[buffer.WrittenCount + 1];
        buffer.WrittenSpan.CopyTo(bytes);
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    public static JournalRecord Decode(ReadOnlyMemory<byte> line)
    {
        using var doc = JsonDocument.Parse(line);
        var e = doc.RootElement;
        var points = new List<MetricPoint>();
        if (e.TryGetProperty("points", out var ps))
        {
            foreach (var p in ps.EnumerateArray())
                points.Add(new MetricPoint(p[0].GetString()!, MlflowWire.ReadDouble(p[1]), p[2].GetInt64(), p[3].GetInt64()));
        }
        return new JournalRecord
        {
            Type = MlflowWire.String(e, "type") ?? throw new JsonException("journal line without 'type'"),
            Time = MlflowWire.Int64(e, "time") ?? 0,
            Experiment = MlflowWire.String(e, "experiment"),
            Key = MlflowWire.String(e, "key"),
            Name = MlflowWire.String(e, "name"),
            Parent = MlflowWire.String(e, "parent"),
            Status = MlflowWire.String(e, "status"),
            Dir = MlflowWire.String(e, "dir"),
            Files = e.TryGetProperty("files", out var fs) ? fs.EnumerateArray().Select(f => f.GetString() ?? "").Where(f => f.Length > 0).ToList() : [],
            Tags = ReadPairs(e, "tags"),
            Params = ReadPairs(e, "params"),
            Points = points,
        };
    }

    private static void Opt(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null) w.WriteString(name, value);
    }

    private static void Pairs(Utf8JsonWriter w, string name, IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        w.WriteStartArray(name);
        foreach (var (k, v) in pairs)
        {
            w.WriteStartArray();
            w.WriteStringValue(k);
            w.WriteStringValue(v);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    private static List<KeyValuePair<string, string>> ReadPairs(JsonElement e, string name)
    {
        var list = new List<KeyValuePair<string, string>>();
        if (e.TryGetProperty(name, out var a))
            foreach (var kv in a.EnumerateArray()) list.Add(new(kv[0].GetString()!, kv[1].GetString() ?? ""));
        return list;
    }
}
