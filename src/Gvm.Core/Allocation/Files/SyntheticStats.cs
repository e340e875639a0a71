using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Gvm.Core.Allocation.Files;

/// <summary>
/// Writes a seeded synthetic STATS.jsonl for benchmarks: p_i on the presample grid k/N' (with a share of unsolved
/// p = 0 and solved p = 1 prompts, as early in training), G_i log-normal (0 when nothing was accepted).
/// </summary>
public static class SyntheticStats
{
    public static async Task WriteAsync(string path, int prompts, int presamples = 8, bool withIds = false, int seed = 1,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prompts);
        ArgumentOutOfRangeException.ThrowIfLessThan(presamples, 1);
        var random = new Random(seed);
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, useAsync: true);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            var used = 0;
            for (var i = 0; i < prompts; i++)
            {
                if (used > buffer.Length - 256)
                {
                    await file.WriteAsync(buffer.AsMemory(0, used), cancellationToken).ConfigureAwait(false);
                    used = 0;
                }
                var accepted = random.NextDouble() < 0.2 ? 0 : random.NextDouble() < 0.125 ? presamples : random.Next(1, presamples);
                var acceptRate = (double)accepted / presamples;
                // Box–Muller draw of a standard normal for a log-normal gradient norm.
                var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                var gradNorm = accepted == 0 ? 0 : Math.Exp(z);
                used += Write(buffer.AsSpan(used), "{\"accept_rate\": "u8);
                Utf8Formatter.TryFormat(acceptRate, buffer.AsSpan(used), out var w);
                used += w;
                used += Write(buffer.AsSpan(used), ", \"grad_norm\": "u8);
                Utf8Formatter.TryFormat(gradNorm, buffer.AsSpan(used), out w);
                used += w;
                if (withIds)
                {
                    used += Write(buffer.AsSpan(used), ", \"id\": \"prompt-"u8);
                    Utf8Formatter.TryFormat(i, buffer.AsSpan(used), out w);
                    used += w;
                    buffer[used++] = (byte)'"';
                }
                used += Write(buffer.AsSpan(used), "}\n"u8);
            }
            await file.WriteAsync(buffer.AsMemory(0, used), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int Write(Span<byte> destination, ReadOnlySpan<byte> text)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
