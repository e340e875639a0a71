using System.Text.Json;

namespace Gvm.Tracking.Journal;

/// <summary>A record and where it sits in its file: <see cref="Offset"/> of its first byte, <see cref="Next"/> after its newline.</summary>
public readonly record struct JournalEntry(JournalRecord Record, long Offset, long Next);

/// <summary>Streams complete records of a journal file from a byte offset, with memory bounded by the longest line.</summary>
public static class JournalReader
{
    /// <summary>
    /// Records from <paramref name="offset"/> to the last complete line. A trailing line without its newline is still
    /// being written (or was cut by a crash) and is not returned; a complete line that does not parse (a repaired
    /// crash remnant) is skipped.
    /// </summary>
    public static IEnumerable<JournalEntry> Read(string path, long offset = 0)
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
            if (length > 0)
            {
                try
                {
                    record = JournalCodec.Decode(buffer.AsMemory(start, length));
                }
                catch (JsonException)
                {
                    // remnant of a crash mid-write, closed by JournalWriter.RepairTail: nothing to replay
                }
            }
            if (record is not null) yield return new JournalEntry(record, position, next);
            position = next;
            start = newline + 1;
        }
    }

    /// <summary>Run journals of a sweep, in a stable order.</summary>
    public static IReadOnlyList<string> RunFiles(string sweepDir)
    {
        var dir = JournalPaths.Runs(sweepDir);
        return Directory.Exists(dir) ? Directory.GetFiles(dir, "*.jsonl").Order(StringComparer.Ordinal).ToArray() : [];
    }
}
