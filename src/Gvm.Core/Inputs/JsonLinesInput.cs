using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace Gvm.Core.Inputs;

/// <summary>
/// The lines of a JSON Lines input, numbered from 1 and strictly decoded: a byte sequence that is not UTF-8 is an
/// <see cref="InputException"/> naming its line and column (a lenient reader would turn it into U+FFFD and carry on
/// with text the user never wrote). A UTF-8 byte-order mark on line 1 and a trailing carriage return are dropped.
/// Blank lines are returned too (callers skip them), so line numbers match the file.
/// </summary>
public static class JsonLinesInput
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Lines as UTF-8 bytes (each a fresh array).</summary>
    public static async IAsyncEnumerable<(long Line, byte[] Bytes)> ReadBytesAsync(Stream stream, string source,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[1 << 16];
        int start = 0, end = 0;
        long line = 0;
        var eof = false;
        while (true)
        {
            var newline = eof ? -1 : Array.IndexOf(buffer, (byte)'\n', start, end - start);
            if (newline < 0 && !eof)
            {
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                var n = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                if (n == 0) eof = true;
                end += n;
                continue;
            }
            if (newline < 0 && start == end) yield break; // end of input after a final newline
            var stop = newline < 0 ? end : newline;
            line++;
            yield return (line, Check(buffer.AsSpan(start, stop - start), source, line));
            if (newline < 0) yield break;
            start = newline + 1;
        }
    }

    /// <summary>Lines as text.</summary>
    public static async IAsyncEnumerable<(long Line, string Text)> ReadLinesAsync(Stream stream, string source,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var (line, bytes) in ReadBytesAsync(stream, source, cancellationToken).ConfigureAwait(false))
            yield return (line, Strict.GetString(bytes));
    }

    /// <summary>Opens <paramref name="path"/> (<c>-</c> = standard input) and reads its lines as text.</summary>
    public static async IAsyncEnumerable<(long Line, string Text)> ReadFileAsync(string path,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = path == "-" ? Console.OpenStandardInput() : InputFiles.OpenRead(path);
        await foreach (var item in ReadLinesAsync(stream, SourceName(path), cancellationToken).ConfigureAwait(false))
            yield return item;
    }

    /// <summary>How an input path is named in messages (<c>&lt;stdin&gt;</c> for <c>-</c>).</summary>
    public static string SourceName(string path) => path == "-" ? "<stdin>" : path;

    /// <summary>Drops a BOM (line 1) and a trailing CR, and checks the bytes are UTF-8.</summary>
    private static byte[] Check(ReadOnlySpan<byte> bytes, string source, long line)
    {
        if (line == 1 && bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        if (!bytes.IsEmpty && bytes[^1] == (byte)'\r') bytes = bytes[..^1];
        if (!Utf8.IsValid(bytes)) throw InvalidUtf8(bytes, source, line);
        return bytes.ToArray();
    }

    /// <summary>An error naming the first byte that is not UTF-8 and its 1-based column (byte offset).</summary>
    public static InputException InvalidUtf8(ReadOnlySpan<byte> bytes, string? source, long line)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done) break;
            offset += consumed;
        }
        var value = offset < bytes.Length ? $"0x{bytes[offset]:X2}" : "end of line";
        return new InputException(source, line, "", $"not UTF-8 text: invalid byte {value} at byte {offset + 1}", column: offset + 1);
    }
}
