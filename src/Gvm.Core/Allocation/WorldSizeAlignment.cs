namespace Gvm.Core.Allocation;

/// <summary>
/// Raises the total of an allocation to a multiple of the data-parallel world size, as the authors' pipeline does
/// before splitting a batch across ranks: one extra sample at a time goes to the largest allocations.
/// </summary>
public static class WorldSizeAlignment
{
    /// <summary>
    /// Adds samples to the largest non-zero allocations (ties: lower index first, wrapping round when more are needed
    /// than there are prompts) until Σ n_i is a multiple of <paramref name="worldSize"/>. Prompts at
    /// <paramref name="max"/> (0 = no bound) are skipped. Returns the number of samples added.
    /// </summary>
    public static int Align(Span<int> sampleSizes, int worldSize, int max = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(worldSize, 1);
        long total = 0;
        foreach (var n in sampleSizes) total += n;
        var missing = (int)((worldSize - total % worldSize) % worldSize);
        if (missing == 0) return 0;

        var upper = max > 0 ? max : int.MaxValue;
        var candidates = new List<int>();
        for (var i = 0; i < sampleSizes.Length; i++)
        {
            if (sampleSizes[i] > 0 && sampleSizes[i] < upper) candidates.Add(i);
        }
        if (candidates.Count == 0) return 0;
        var sizes = sampleSizes.ToArray();
        var order = candidates.ToArray();
        order.AsSpan().Sort(new LargestFirst(sizes));

        var added = 0;
        while (added < missing)
        {
            var moved = false;
            foreach (var i in order)
            {
                if (added == missing) break;
                if (sampleSizes[i] >= upper) continue;
                sampleSizes[i]++;
                added++;
                moved = true;
            }
            if (!moved) break;
        }
        return added;
    }

    private readonly struct LargestFirst(int[] sizes) : IComparer<int>
    {
        public int Compare(int a, int b)
        {
            var c = sizes[b].CompareTo(sizes[a]);
            return c != 0 ? c : a.CompareTo(b);
        }
    }
}
