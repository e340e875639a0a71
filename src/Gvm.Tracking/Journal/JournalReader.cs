using System.Text.Json;

namespace Gvm.Tracking.Journal;

/// <summary>A record and where it sits in its file: <see cref="Offset"/> of its first byte, <see cref="Next"/> after its newline.</summary>
public readonly record struct JournalEntry(JournalRecord Record, long Offset, long Next);

/// <summary>Streams complete records of a journal file from a byte offset, with memory bounded by the longest line.</summary>
public static class JournalReader
{
    /// <summary>
    /// What <see cref="JournalWriter"/> appends to a record cut by a crash before closing its line (a tab never occurs
    /// in a compact JSON record), so that such a remnant is told apart from damage.
    /// </summary>
    public static ReadOnlySpan<byte> RemnantMarker => "\t#partial record of a crash\n"u8;

    /// <summary>
    /// Records from <paramref name="offset"/> to the last complete line. A trailing line without its newline is still
    /// being written (or was cut by a crash) and is not returned; a crash remnant closed by the writer is skipped. Any
    /// other line that does not parse is never dropped silently: it goes to <paramref name="onBadLine"/>, or, without
    /// one, throws <see cref="JournalFormatException"/> naming the file and line.
    /// </summary>
    public static IEnumerable<JournalEntry> Read(string path, long offset = 0, Action<JournalBadLine>? onBadLine = null)
    {
        if (!File.Exists(path)) yield break;
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        if (offset > fs.Length) throw new InvalidDataException($"{path}: cursor {offset} is past the end ({fs.Length} bytes); was the journal replaced?");
        fs.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[1 << 16];
        int start = 0, end = 0;
        var position = offset; // file offset of buffer[start]
        while (true)
        {
            var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            if (newline < 0)
            {
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                var n = fs.Read(buffer, end, buffer.Length - end);
                if (n == 0) yield break;
                end += n;
                continue;
            }
            var length = newline - start;
            var next = position + length + 1;
            JournalRecord? record = null;
            var line = buffer.AsSpan(start, length);
            if (length > 0 && !line.EndsWith(RemnantMarker[..^1])) // a remnant closed by JournalWriter.RepairTail: nothing to replay
            {
                try
                {
                    record = JournalCodec.Decode(buffer.AsMemory(start, length));
                }
                catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
                {
                    var bad = new JournalBadLine(path, LineAt(path, position), position, $"not a journal record ({e.Message.TrimEnd('.')})");
                    if (onBadLine is null) throw new JournalFormatException(path, bad.Line, bad.Error, e);
                    onBadLine(bad);
                }
            }
            if (record is not null) yield return new JournalEntry(record, position, next);
            position = next;
            start = newline + 1;
        }
    }

    /// <summary>Every line of <paramref name="path"/> from <paramref name="offset"/> that is not a record (crash remnants excepted).</summary>
    public static IReadOnlyList<JournalBadLine> BadLines(string path, long offset = 0)
    {
        var bad = new List<JournalBadLine>();
        foreach (var _ in Read(path, offset, bad.Add)) { }
        return bad;
    }

    /// <summary>
    /// The error for the bad lines of a push or an export that was not told to skip them: the first one's place,
    /// the count, and how to go on.
    /// </summary>
    public static JournalFormatException Refuse(IReadOnlyList<JournalBadLine> bad, string consequence = "nothing after it was sent",
        string option = "--skip-bad-lines")
    {
        var first = bad[0];
        var more = bad.Count > 1 ? $"; {bad.Count} bad lines in all, at {string.Join(", ", bad.Take(10).Select(b => $"{Path.GetFileName(b.File)}:{b.Line}"))}{(bad.Count > 10 ? ", ..." : "")}" : "";
        return new JournalFormatException(first.File, first.Line,
            $"{first.Error}{more}; {consequence}. Inspect the journal, or rerun with {option} to skip such lines (they are reported, not replayed)");
    }

    /// <summary>The 1-based line number of the line starting at byte <paramref name="offset"/> (counted only when a bad line is found).</summary>
    private static long LineAt(string path, long offset)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        var buffer = new byte[1 << 16];
        long line = 1, read = 0;
        while (read < offset)
        {
            var n = fs.Read(buffer, 0, (int)Math.Min(buffer.Length, offset - read));
            if (n == 0) break;
            line += buffer.AsSpan(0, n).Count((byte)'\n');
            read += n;
        }
        return line;
    }

    /// <summary>Run journals of a sweep, in a stable order.</summary>
    public static IReadOnlyList<string> RunFiles(string sweepDir)
    {
        var dir = JournalPaths.Runs(sweepDir);
        return Directory.Exists(dir) ? Directory.GetFiles(dir, "*.jsonl").Order(StringComparer.Ordinal).ToArray() : [];
    }
}
