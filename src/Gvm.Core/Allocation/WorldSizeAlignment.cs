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
        var added = 0;
        while (added < missing)
        {
            var candidates = new List<int>();
            for (var i = 0; i < sampleSizes.Length; i++)
            {
                if (sampleSizes[i] > 0 && sampleSizes[i] < upper) candidates.Add(i);
            }
            if (candidates.Count == 0) break;
            var need = Math.Min(missing - added, candidates.Count);
            foreach (var i in need == candidates.Count ? candidates : Largest(sampleSizes, candidates, need)) sampleSizes[i]++;
            added += need;
        }
        return added;
    }

    /// <summary>The <paramref name="need"/> largest candidates (ties: lower index), with a bounded heap: O(n log need).</summary>
    private static IEnumerable<int> Largest(ReadOnlySpan<int> sampleSizes, List<int> candidates, int need)
    {
        // Heap top = the worst of the kept ones: the smallest size, then the highest index.
        var kept = new PriorityQueue<int, (int Size, int Index)>(need + 1, new WorstFirst());
        foreach (var i in candidates)
        {
            kept.Enqueue(i, (sampleSizes[i], i));
            if (kept.Count > need) kept.Dequeue();
        }
        var result = new int[kept.Count];
        for (var k = 0; kept.TryDequeue(out var i, out _); k++) result[k] = i;
        return result;
    }

    private sealed class WorstFirst : IComparer<(int Size, int Index)>
    {
        public int Compare((int Size, int Index) a, (int Size, int Index) b)
        {
            var c = a.Size.CompareTo(b.Size);
            return c != 0 ? c : b.Index.CompareTo(a.Index);
        }
    }
}
