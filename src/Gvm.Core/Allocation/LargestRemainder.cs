namespace Gvm.Core.Allocation;

/// <summary>
/// Integer apportionment of real shares with an exact total (the rounding step of the GVM allocator):
/// round each share, then fix the total by a largest-remainder correction. Implemented in its equivalent
/// floor-then-top-k form (Hamilton's method), which gives the same counts but is stable when a share sits
/// at x.5 up to floating-point noise.
/// </summary>
public static class LargestRemainder
{
    /// <summary>Shares are snapped to this grid (2^-20 samples) so that float noise (e.g. from rescaling all G) cannot flip a tie.</summary>
    internal const double Grid = 1 << 20;

    /// <summary>
    /// Writes integers n_i in [min, max] (max = 0: no upper bound) to <paramref name="result"/> with Σ n_i = total
    /// whenever the bounds allow it. Remainders tie-break by the larger <paramref name="priority"/>, then the lower index
    /// (removals mirror it), so a prompt with a larger weight never ends with fewer samples than one with a smaller weight.
    /// </summary>
    public static void Apportion(ReadOnlySpan<double> shares, ReadOnlySpan<double> priority, int total, int min, int max, Span<int> result)
    {
        var count = shares.Length;
        if (priority.Length != count || result.Length != count)
            throw new ArgumentException("shares, priority and result must have the same length");
        if (count == 0) return;
        var upper = max > 0 ? max : int.MaxValue;

        var frac = new double[count];
        long assigned = 0;
        for (var i = 0; i < count; i++)
        {
            var x = Math.Round(shares[i] * Grid) / Grid;
            var n = (int)Math.Clamp(Math.Floor(x), min, upper);
            result[i] = n;
            frac[i] = x - n;
            assigned += n;
        }

        var missing = total - assigned;
        if (missing == 0) return;
        var grow = missing > 0;
        var candidates = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            if (grow ? result[i] < upper : result[i] > min) candidates.Add(i);
        }
        if (candidates.Count == 0) return;
        var order = candidates.ToArray();
        order.AsSpan().Sort(new RemainderOrder(frac, priority.ToArray(), grow));

        // |missing| is at most about count/2 after rounding; the loop wraps only when bounds bind.
        var step = grow ? 1 : -1;
        var left = Math.Abs(missing);
        while (left > 0)
        {
            var moved = false;
            foreach (var i in order)
            {
                if (left == 0) break;
                if (grow ? result[i] >= upper : result[i] <= min) continue;
                result[i] += step;
                left--;
                moved = true;
            }
            if (!moved) break;
        }
    }

    /// <summary>Growing: largest remainder first, then larger priority, then lower index. Shrinking: the exact mirror.</summary>
    private readonly struct RemainderOrder(double[] frac, double[] priority, bool grow) : IComparer<int>
    {
        public int Compare(int a, int b)
        {
            var c = frac[b].CompareTo(frac[a]);
            if (c == 0) c = priority[b].CompareTo(priority[a]);
            if (c == 0) c = a.CompareTo(b);
            return grow ? c : -c;
        }
    }
}
