namespace Gvm.Core.Allocation;

/// <summary>
/// Integer apportionment of real shares with an exact total (the rounding step of the GVM allocator):
/// round each share, then fix the total by a largest-remainder correction. Implemented in its equivalent
/// floor-then-top-k form (Hamilton's method), which gives the same counts but is stable when a share sits
/// at x.5 up to floating-point noise.
/// </summary>
public static class LargestRemainder
{
    /// <summary>Shares are snapped to a grid of 2^-20 samples so that float noise (e.g. from rescaling all G) cannot flip a tie.</summary>
    internal const int GridBits = 20;
    internal const long Grid = 1L << GridBits;

    /// <summary>Below this many prompts the remainders are sorted; above it they are bucketed (O(n), see <see cref="SelectByBuckets"/>).</summary>
    internal const int SortBelow = 4096;

    /// <summary>
    /// Writes integers n_i in [min, max] (max = 0: no upper bound) to <paramref name="result"/> with Σ n_i = total
    /// whenever the bounds allow it. Remainders tie-break by the larger <paramref name="priority"/>, then the lower index
    /// (removals mirror it), so a prompt with a larger weight never ends with fewer samples than one with a smaller weight.
    /// </summary>
    public static void Apportion(ReadOnlySpan<double> shares, ReadOnlySpan<double> priority, int total, int min, int max, Span<int> result) =>
        Apportion(shares, priority, total, min, max, result, shares.Length < SortBelow);

    internal static void Apportion(ReadOnlySpan<double> shares, ReadOnlySpan<double> priority, int total, int min, int max, Span<int> result, bool sort)
    {
        var count = shares.Length;
        if (priority.Length != count || result.Length != count)
            throw new ArgumentException("shares, priority and result must have the same length");
        if (count == 0) return;
        var upper = max > 0 ? max : int.MaxValue;

        // frac_i = x̃_i - n_i in grid units, x̃_i the snapped share; in [0, Grid) unless a bound moved n_i.
        var frac = new long[count];
        long assigned = 0;
        var inGrid = true;
        for (var i = 0; i < count; i++)
        {
            var snapped = (long)Math.Round(Math.Max(shares[i], 0) * Grid);
            var n = (int)Math.Clamp(snapped >> GridBits, min, upper);
            result[i] = n;
            frac[i] = snapped - ((long)n << GridBits);
            inGrid &= frac[i] is >= 0 and < Grid;
            assigned += n;
        }

        var missing = total - assigned;
        var grow = missing > 0;
        var priorities = missing != 0 ? priority.ToArray() : [];
        while (missing != 0)
        {
            // Candidates can still move in the needed direction; when all of them must move, no ordering is needed.
            var candidates = new List<int>();
            for (var i = 0; i < count; i++)
            {
                if (grow ? result[i] < upper : result[i] > min) candidates.Add(i);
            }
            if (candidates.Count == 0) return;
            var need = (int)Math.Min(Math.Abs(missing), candidates.Count);
            IEnumerable<int> chosen = need == candidates.Count ? candidates
                : sort || !inGrid ? SelectBySort(candidates, need, frac, priorities, grow)
                : SelectByBuckets(candidates, need, frac, priorities, grow);
            foreach (var i in chosen) result[i] += grow ? 1 : -1;
            missing -= grow ? need : -need;
        }
    }

    /// <summary>The first <paramref name="need"/> candidates in <see cref="RemainderOrder"/>, by a full sort.</summary>
    private static int[] SelectBySort(List<int> candidates, int need, long[] frac, double[] priority, bool grow)
    {
        var order = candidates.ToArray();
        order.AsSpan().Sort(new RemainderOrder(frac, priority, grow));
        return order[..need];
    }

    /// <summary>
    /// The same selection in O(n): histogram the snapped remainders (2^20 buckets), find the bucket where the count of
    /// better candidates reaches <paramref name="need"/>, take everything better and sort only the tied bucket.
    /// </summary>
    private static List<int> SelectByBuckets(List<int> candidates, int need, long[] frac, double[] priority, bool grow)
    {
        var histogram = new int[Grid];
        foreach (var i in candidates) histogram[frac[i]]++;
        long bucket = grow ? Grid - 1 : 0;
        var better = 0;
        while (better + histogram[bucket] < need)
        {
            better += histogram[bucket];
            bucket += grow ? -1 : 1;
        }
        var chosen = new List<int>(need);
        var tied = new List<int>();
        foreach (var i in candidates)
        {
            if (frac[i] == bucket) tied.Add(i);
            else if (grow ? frac[i] > bucket : frac[i] < bucket) chosen.Add(i);
        }
        chosen.AddRange(SelectBySort(tied, need - better, frac, priority, grow));
        return chosen;
    }

    /// <summary>Growing: largest remainder first, then larger priority, then lower index. Shrinking: the exact mirror.</summary>
    private readonly struct RemainderOrder(long[] frac, double[] priority, bool grow) : IComparer<int>
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
