using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Gvm.Core.Allocation.Files;

/// <summary>
/// Streams a STATS.jsonl file in one pass: each line is <c>{"accept_rate": p, "grad_norm": G}</c>, optionally with
/// <c>"id"</c> (string or number). Lines are parsed in place from a reused byte buffer with <see cref="Utf8JsonReader"/>;
/// nothing is loaded twice. Blank lines are skipped; other fields are ignored. Every error names the line and field.
/// </summary>
public static class PromptStatsReader
{
    private const int ChunkSize = 1 << 20;
    private static ReadOnlySpan<byte> AcceptRateName => "accept_rate"u8;
    private static ReadOnlySpan<byte> GradNormName => "grad_norm"u8;
    private static ReadOnlySpan<byte> IdName => "id"u8;

    public static async Task<PromptStatsTable> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var capacity = (int)Math.Clamp(stream.Length / 40, 1024, 1 << 26);
        return await ReadAsync(stream, path, capacity, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads all records of <paramref name="stream"/>; <paramref name="source"/> names it in errors.</summary>
    public static async Task<PromptStatsTable> ReadAsync(Stream stream, string source, int capacityHint = 1024, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var table = new PromptStatsTable(capacityHint);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int filled = 0;
            long line = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // One line longer than the buffer: grow it (rare; records are ~50 bytes).
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                var end = filled + read;
                var consumed = ParseLines(buffer.AsSpan(0, end), final: read == 0, source, ref line, table);
                if (read == 0) break;
                buffer.AsSpan(consumed, end - consumed).CopyTo(buffer);
                filled = end - consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (table.Count == 0) throw new StatsFileException(source, 0, "", "the file has no records (expected one JSON object per line)");
        return table;
    }

    /// <summary>Parses every complete line of <paramref name="data"/> (and the tail when <paramref name="final"/>); returns the bytes consumed.</summary>
    private static int ParseLines(ReadOnlySpan<byte> data, bool final, string source, ref long line, PromptStatsTable table)
    {
        var start = 0;
        while (start < data.Length)
        {
            var newline = data[start..].IndexOf((byte)'\n');
            if (newline < 0 && !final) break;
            var length = newline < 0 ? data.Length - start : newline;
            line++;
            ParseRecord(data.Slice(start, length), source, line, table);
            start += length + (newline < 0 ? 0 : 1);
        }
        return start;
    }

    private static void ParseRecord(ReadOnlySpan<byte> record, string source, long line, PromptStatsTable table)
    {
        if (line == 1 && record.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) record = record[3..];
        if (record.Trim((ReadOnlySpan<byte>)" \t\r"u8).IsEmpty) return;
        // Strict text: a byte that is not UTF-8 anywhere on the line (ids and ignored fields too) is an error, not U+FFFD.
        if (!System.Text.Unicode.Utf8.IsValid(record))
        {
            var bad = Gvm.Core.Inputs.JsonLinesInput.InvalidUtf8(record, source, line);
            throw new StatsFileException(source, line, "", bad.Reason, bad, bad.Column);
        }

        double acceptRate = double.NaN, gradNorm = double.NaN;
        bool hasRate = false, hasNorm = false;
        string? id = null;
        var field = "";
        var reader = new Utf8JsonReader(record, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new StatsFileException(source, line, "", "expected a JSON object such as {\"accept_rate\": 0.5, \"grad_norm\": 1.2}");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(AcceptRateName)) { field = Once("accept_rate", hasRate); reader.Read(); acceptRate = Number(ref reader, source, line, field); hasRate = true; }
                else if (reader.ValueTextEquals(GradNormName)) { field = Once("grad_norm", hasNorm); reader.Read(); gradNorm = Number(ref reader, source, line, field); hasNorm = true; }
                else if (reader.ValueTextEquals(IdName)) { field = Once("id", id is not null); reader.Read(); id = Id(ref reader, source, line); }
                else { field = reader.GetString() ?? ""; reader.Read(); reader.Skip(); }
                field = "";
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
                throw new StatsFileException(source, line, "", "expected exactly one JSON object on the line");
        }
        catch (JsonException e)
        {
            var hint = field is "accept_rate" or "grad_norm" ? "not a valid JSON number (NaN and Infinity are not allowed)" : "invalid JSON";
            throw new StatsFileException(source, line, field, $"{hint} (column {e.BytePositionInLine + 1})", e);
        }
        catch (InvalidOperationException e)
        {
            // GetString of a key or an id with a lone surrogate escape ("\ud800")
            throw new StatsFileException(source, line, field, $"not valid text: {e.Message.TrimEnd('.')} (a lone surrogate escape such as \\ud800?)", e);
        }

        string Once(string name, bool seen) =>
            seen ? throw new StatsFileException(source, line, name, "appears twice on the line (a duplicate key)") : name;

        if (!hasRate) throw new StatsFileException(source, line, "accept_rate", "missing field");
        if (!hasNorm) throw new StatsFileException(source, line, "grad_norm", "missing field");
        if (!(acceptRate is >= 0 and <= 1))
            throw new StatsFileException(source, line, "accept_rate", $"must be in [0, 1], got {Format(acceptRate)}");
        if (!(gradNorm >= 0) || !double.IsFinite(gradNorm))
            throw new StatsFileException(source, line, "grad_norm", $"must be a finite number >= 0, got {Format(gradNorm)}");
        table.Add(acceptRate, gradNorm, id);
    }

    private static double Number(ref Utf8JsonReader reader, string source, long line, string field)
    {
        if (reader.TokenType != JsonTokenType.Number)
            throw new StatsFileException(source, line, field, $"must be a number, got {reader.TokenType.ToString().ToLowerInvariant()}");
        if (!reader.TryGetDouble(out var value) || !double.IsFinite(value))
            throw new StatsFileException(source, line, field, "is not a finite number");
        return value;
    }

    private static string Id(ref Utf8JsonReader reader, string source, long line) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString()!,
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        _ => throw new StatsFileException(source, line, "id", "must be a string or a number"),
    };

    private static string Format(double x) => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
