using System.Text;
using Gvm.Core.Metrics;
using Gvm.Core.Runs;
using Gvm.Core.Runs.Files;

namespace Gvm.Orchestration.Metrics;

/// <summary>New complete lines of a run's metrics.jsonl, converted to metric points.</summary>
/// <param name="SkipThrough">Replay floor to pass to the next read (-1 once the resumed trainer is past it).</param>
public sealed record MetricsChunk(IReadOnlyList<MetricPoint> Points, long NextOffset, long? LastStep, double? LastAccuracy, int BadLines, long SkipThrough = -1);

/// <summary>
/// Reads metrics.jsonl from a byte offset. Only lines ending in a newline are consumed, so a line the trainer is
/// still writing is picked up on the next read. Each line is decoded by the file's codec (<see cref="MetricsFile"/>);
/// a line it rejects is counted as bad, never thrown.
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
        foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n'))
        {
            if (MetricsFile.TryDecode(line, out var record)) max = Math.Max(max, record.Step);
        }
        return max;
    }

    /// <summary>
    /// Appends the finite values of one line (<see cref="MetricsFile.TryDecode"/>); false when the codec rejects it. A
    /// line without a time is stamped now.
    /// </summary>
    private static bool TryParseLine(string line, List<MetricPoint> points, out long step, out double? accuracy)
    {
        step = 0;
        accuracy = null;
        if (!MetricsFile.TryDecode(line, out var record)) return false;
        step = record.Step;
        var timeMs = double.IsFinite(record.Time) ? (long)Math.Round(record.Time * 1000) : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var (name, v) in record.Values)
        {
            if (!double.IsFinite(v)) continue; // "NaN", "Infinity": not forwarded
            points.Add(new MetricPoint(name, v, timeMs, step));
            if (name == MetricNames.EvalAccuracy) accuracy = v;
        }
        return true;
    }
}
