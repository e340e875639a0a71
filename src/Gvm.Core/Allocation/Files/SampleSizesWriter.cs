using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Gvm.Core.Allocation.Files;

/// <summary>Output formats of <c>gvm allocate</c>.</summary>
public enum SampleSizesFormat
{
    /// <summary>A JSON list of integers, the shape of the authors' sample_sizes JSON.</summary>
    Json,
    /// <summary>CSV with a header <c>id,n</c>; ids are the records' "id" or the 0-based line position.</summary>
    Csv,
}

/// <summary>Writes sample sizes to a stream through a reused byte buffer (no per-value strings).</summary>
public static class SampleSizesWriter
{
    private const int FlushAt = 60 * 1024;

    public static async Task WriteAsync(Stream output, ReadOnlyMemory<int> sampleSizes, SampleSizesFormat format,
        PromptStatsTable? stats = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (format == SampleSizesFormat.Csv && stats is not null && stats.Count != sampleSizes.Length)
            throw new ArgumentException("stats and sampleSizes must have the same length");
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var used = 0;
            if (format == SampleSizesFormat.Json) used = Append(buffer, used, "["u8);
            else used = Append(buffer, used, "id,n\n"u8);
            for (var i = 0; i < sampleSizes.Length; i++)
            {
                if (used >= FlushAt)
                {
                    await output.WriteAsync(buffer.AsMemory(0, used), cancellationToken).ConfigureAwait(false);
                    used = 0;
                }
                var n = sampleSizes.Span[i];
                if (format == SampleSizesFormat.Json)
                {
                    if (i > 0) used = Append(buffer, used, ", "u8);
                    Utf8Formatter.TryFormat(n, buffer.AsSpan(used), out var written);
                    used += written;
                }
                else
                {
                    var id = stats?.IdAt(i) ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (id.Length > 1024)
                    {
                        await output.WriteAsync(buffer.AsMemory(0, used), cancellationToken).ConfigureAwait(false);
                        used = 0;
                        var bytes = Encoding.UTF8.GetBytes(CsvField(id) + ",");
                        await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        used += Encoding.UTF8.GetBytes(CsvField(id), buffer.AsSpan(used));
                        buffer[used++] = (byte)',';
                    }
                    Utf8Formatter.TryFormat(n, buffer.AsSpan(used), out var written);
                    used += written;
                    buffer[used++] = (byte)'\n';
                }
            }
            if (format == SampleSizesFormat.Json) used = Append(buffer, used, "]\n"u8);
            await output.WriteAsync(buffer.AsMemory(0, used), cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Quotes a CSV field (RFC 4180) when it holds a comma, quote or line break.</summary>
    public static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static int Append(byte[] buffer, int used, ReadOnlySpan<byte> text)
    {
        text.CopyTo(buffer.AsSpan(used));
        return used + text.Length;
    }
}
