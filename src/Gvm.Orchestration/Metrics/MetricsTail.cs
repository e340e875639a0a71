using System.Text;
using System.Text.Json;
using Gvm.Core.Metrics;
using Gvm.Core.Runs;

namespace Gvm.Orchestration.Metrics;

/// <summary>New complete lines of a run's metrics.jsonl, converted to metric points.</summary>
/// <param name="SkipThrough">Replay floor to pass to the next read (-1 once the resumed trainer is past it).</param>
public sealed record MetricsChunk(IReadOnlyList<MetricPoint> Points, long NextOffset, long? LastStep, double? LastAccuracy, int BadLines, long SkipThrough = -1);

/// <summary>
/// Reads metrics.jsonl from a byte offset. Only lines ending in a newline are consumed, so a line the trainer is
/// still writing is picked up on the next read. Each line: <c>step</c>, <c>time</c> (unix seconds), metric → number.
/// </summary>
public static class MetricsTail
{
    /// <param name="forwardedThroughStep">
    /// Highest step already forwarded. A resumed trainer rewrites metrics.jsonl without the lines after its checkpoint
    /// (the file shrinks below <paramref name="offset"/>); it is then read again from the start, and lines up to this
    /// step (which it writes again) are skipped until it gets past them, so nothing is forwarded twice.
    /// </param>
    /// <param name="skipThrough">The replay floor returned by the previous read.</param>
    public static async Task<MetricsChunk> ReadAsync(
        string path, long offset, long forwardedThroughStep = -1, long skipThrough = -1, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path)) return new MetricsChunk([], offset, null, null, 0, skipThrough);
        byte[] bytes;
        var rewound = false;
        await using (var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true))
        {
            if (fs.Length < offset)
            {
                offset = 0;
                rewound = true;
            }
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
        var floor = rewound ? Math.Max(forwardedThroughStep, skipThrough) : skipThrough;
        var end = Array.LastIndexOf(bytes, (byte)'\n');
        if (end < 0) return new MetricsChunk([], offset, null, null, 0, floor);

        var points = new List<MetricPoint>();
        long? lastStep = null;
        double? lastAcc = null;
        var bad = 0;
        foreach (var line in Encoding.UTF8.GetString(bytes, 0, end).Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var before = points.Count;
            if (!TryParseLine(line, points, out var step, out var acc)) { bad++; continue; }
            if (step <= floor)
            {
                points.RemoveRange(before, points.Count - before);
                continue;
            }
            floor = -1;
            lastStep = step;
            lastAcc = acc ?? lastAcc;
        }
        return new MetricsChunk(points, offset + end + 1, lastStep, lastAcc, bad, floor);
    }

    /// <summary>The highest step in the first <paramref name="length"/> bytes (what was already forwarded), or -1.</summary>
    public static long MaxStep(string path, long length)
    {
        if (length <= 0 || !File.Exists(path)) return -1;
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var bytes = new byte[Math.Min(length, fs.Length)];
        fs.ReadExactly(bytes);
        long max = -1;
        var scratch = new List<MetricPoint>();
        foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n'))
        {
            if (TryParseLine(line, scratch, out var step, out _)) max = Math.Max(max, step);
            scratch.Clear();
        }
        return max;
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
        var before = points.Count;
        using (doc)
        {
            try
            {
                return TryReadLine(doc.RootElement, points, out step, out accuracy);
            }
            catch (InvalidOperationException)
            {
                // A key or value that is not valid text (an escaped lone surrogate such as "\udc00"): a bad line.
                points.RemoveRange(before, points.Count - before);
                return false;
            }
        }
    }

    private static bool TryReadLine(JsonElement root, List<MetricPoint> points, out long step, out double? accuracy)
    {
        step = 0;
        accuracy = null;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(MetricNames.Step, out var s) ||
            s.ValueKind != JsonValueKind.Number || !s.TryGetInt64(out step)) return false;
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
