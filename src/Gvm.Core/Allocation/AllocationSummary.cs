namespace Gvm.Core.Allocation;

/// <summary>
/// Summary statistics of one allocation, as the trainer logs them (gvm/alloc_min, gvm/alloc_max, gvm/alloc_gini,
/// gvm/zero_alloc_prompts, gvm/singleton_groups).
/// </summary>
/// <param name="Gini">Gini coefficient of n_i: 0 for an even split, towards 1 when few prompts take everything.</param>
/// <param name="ZeroCount">Prompts with n_i = 0.</param>
/// <param name="SingletonCount">Prompts with n_i = 1 (a GRPO group of one has no baseline to compare against).</param>
public sealed record AllocationSummary(int Prompts, long Total, int Min, int Max, double Mean, double Gini, int ZeroCount, int SingletonCount)
{
    public static AllocationSummary Of(ReadOnlySpan<int> sampleSizes)
    {
        var count = sampleSizes.Length;
        if (count == 0) return new AllocationSummary(0, 0, 0, 0, 0, 0, 0, 0);
        long total = 0;
        int min = int.MaxValue, max = int.MinValue, zeros = 0, singles = 0;
        foreach (var n in sampleSizes)
        {
            total += n;
            min = Math.Min(min, n);
            max = Math.Max(max, n);
            if (n == 0) zeros++;
            else if (n == 1) singles++;
        }
        return new AllocationSummary(count, total, min, max, (double)total / count, GiniOf(sampleSizes), zeros, singles);
    }

    /// <summary>
    /// G = Σ_i Σ_j |n_i - n_j| / (2·m²·mean), computed on the sorted values as (2·Σ_k k·n_(k)) / (m·Σn) - (m+1)/m
    /// with k = 1..m. 0 when every n_i is 0.
    /// </summary>
    public static double GiniOf(ReadOnlySpan<int> sampleSizes)
    {
        var count = sampleSizes.Length;
        long total = 0;
        foreach (var n in sampleSizes) total += n;
        if (count == 0 || total == 0) return 0;
        var max = 0;
        foreach (var n in sampleSizes) max = Math.Max(max, n);
        double weighted = 0;
        if (max <= 1 << 22 && sampleSizes.IndexOfAnyInRange(int.MinValue, -1) < 0)
        {
            // Counting sort: the value v held by c prompts takes ranks r+1..r+c, contributing v·(c·r + c(c+1)/2).
            var counts = new int[max + 1];
            foreach (var n in sampleSizes) counts[n]++;
            double rank = 0;
            for (var v = 0; v <= max; v++)
            {
                double c = counts[v];
                weighted += v * (c * rank + c * (c + 1) / 2);
                rank += c;
            }
        }
        else
        {
            var sorted = sampleSizes.ToArray();
            Array.Sort(sorted);
            for (var k = 0; k < count; k++) weighted += (k + 1.0) * sorted[k];
        }
        return 2.0 * weighted / ((double)count * total) - (count + 1.0) / count;
    }
}
