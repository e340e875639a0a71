using System.Text;
using System.Text.Json;
using Gvm.Core.Metrics;
using Gvm.Core.Runs;

namespace Gvm.Orchestration.Metrics;

/// <summary>New complete lines of a run's metrics.jsonl, converted to metric points.</summary>
public sealed record MetricsChunk(IReadOnlyList<MetricPoint> Points, long NextOffset, long? LastStep, double? LastAccuracy, int BadLines);

/// <summary>
/// Reads metrics.jsonl from a byte offset. Only lines ending in a newline are consumed, so a line the trainer is
/// still writing is picked up on the next read. Each line: <c>step</c>, <c>time</c> (unix seconds), metric → number.
/// </summary>
public static class MetricsTail
{
    public static async Task<MetricsChunk> ReadAsync(string path, long offset, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path)) return new MetricsChunk([], offset, null, null, 0);
        byte[] bytes;
        await using (var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true))
        {
            if (fs.Length < offset) offset = 0; // the file was replaced: start over
            fs.Seek(offset, SeekOrigin.Begin);
            bytes = new byte[fs.Length - offset];
            var read = 0;
            while (read < bytes.Length)
            {
                var n = await fs.ReadAsync(bytes.AsMemory(read), cancellationToken).ConfigureAwait(false);
                if (n == 0) break;
                read += n;
            }
            Array.Resize(ref bytes, read);
        }
        var end = Array.LastIndexOf(bytes, (byte)'\n');
        if (end < 0) return new MetricsChunk([], offset, null, null, 0);

        var points = new List<MetricPoint>();
        long? lastStep = null;
        double? lastAcc = null;
        var bad = 0;
        foreach (var line in Encoding.UTF8.GetString(bytes, 0, end).Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (!TryParseLine(line, points, out var step, out var acc)) { bad++; continue; }
            lastStep = step;
            lastAcc = acc ?? lastAcc;
        }
        return new MetricsChunk(points, offset + end + 1, lastStep, lastAcc, bad);
    }

    /// <summary>Appends the points of one JSON line; false when it is not an object with a numeric step.</summary>
    internal static bool TryParseLine(string line, List<MetricPoint> points, out long step, out double? accuracy)
    {
        step = 0;
        accuracy = null;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            return false;
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty(MetricNames.Step, out var s) || !s.TryGetInt64(out step)) return false;
            var timeMs = root.TryGetProperty(MetricNames.Time, out var t) && t.ValueKind == JsonValueKind.Number
                ? (long)Math.Round(t.GetDouble() * 1000)
                : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            foreach (var p in root.EnumerateObject())
            {
                if (p.Name is MetricNames.Step or MetricNames.Time || p.Value.ValueKind != JsonValueKind.Number) continue;
                var v = p.Value.GetDouble();
                points.Add(new MetricPoint(p.Name, v, timeMs, step));
                if (p.Name == MetricNames.EvalAccuracy) accuracy = v;
            }
            return true;
        }
    }
}
