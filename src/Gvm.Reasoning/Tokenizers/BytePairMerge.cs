namespace Gvm.Reasoning.Tokenizers;

/// <summary>One BPE merge: the pair's rank (line order in merges.txt) and the id of the merged token.</summary>
public readonly record struct MergeRule(int Rank, int MergedId);

/// <summary>
/// The merge rules of a BPE vocabulary keyed by the ids of the pair: an open-addressing table (linear probing,
/// Fibonacci hashing, load ≤ 0.5) of 16-byte slots, so a lookup touches one cache line. Why not a Dictionary: BPE on
/// unseen words is lookup-bound, and Dictionary's bucket + entry arrays cost two cache misses per lookup (and long's own
/// hash, leftId ^ rightId, clusters the pairs of small ids).
/// </summary>
public sealed class MergeTable
{
    private readonly Slot[] _slots;
    private readonly int _shift;

    public MergeTable(IReadOnlyDictionary<long, MergeRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var bits = 4;
        while ((1L << bits) < 2L * rules.Count) bits++;
        _slots = new Slot[1 << bits];
        Array.Fill(_slots, new Slot(-1, 0, 0));
        _shift = 64 - bits;
        foreach (var (key, rule) in rules)
        {
            if (key < 0) throw new ArgumentException("pair keys are built from non-negative ids", nameof(rules));
            var i = IndexOf(key);
            while (_slots[i].Key >= 0) i = (i + 1) & (_slots.Length - 1);
            _slots[i] = new Slot(key, rule.Rank, rule.MergedId);
        }
        Count = rules.Count;
    }

    public int Count { get; }

    public static long Key(int leftId, int rightId) => ((long)leftId << 32) | (uint)rightId;

    public bool TryGet(int leftId, int rightId, out MergeRule rule)
    {
        var key = Key(leftId, rightId);
        var mask = _slots.Length - 1;
        for (var i = IndexOf(key); ; i = (i + 1) & mask)
        {
            ref readonly var slot = ref _slots[i];
            if (slot.Key == key)
            {
                rule = new MergeRule(slot.Rank, slot.MergedId);
                return true;
            }
            if (slot.Key < 0)
            {
                rule = default;
                return false;
            }
        }
    }

    private int IndexOf(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> _shift);

    private readonly record struct Slot(long Key, int Rank, int MergedId);
}

/// <summary>
/// Byte-pair merging (Sennrich et al. 2016; GPT-2 <c>bpe()</c>): repeatedly merge the adjacent pair with the lowest
/// rank, the leftmost one on ties, until no adjacent pair has a rule. Two equivalent implementations: a quadratic scan
/// for short pieces (most words) and a priority queue over a linked list for long ones (HF tokenizers'
/// <c>merge_all</c>), so a long run without spaces (a CJK paragraph, a base64 blob) stays O(n log n).
/// </summary>
public static class BytePairMerge
{
    /// <summary>Pieces up to this many bytes use the quadratic scan.</summary>
    public const int ScanLimit = 48;

    /// <summary>Merges <paramref name="ids"/> in place; returns the number of ids left at the front of the span.</summary>
    public static int Merge(Span<int> ids, MergeTable merges) =>
        ids.Length <= ScanLimit ? MergeByScan(ids, merges) : MergeByQueue(ids, merges);

    /// <summary>
    /// Scan: find the lowest-ranked adjacent pair, merge it, repeat. Pair ranks are kept in an array and only the two
    /// pairs touching a merge are looked up again, so a piece of n bytes costs about 3n hash lookups (not n²/2).
    /// </summary>
    public static int MergeByScan(Span<int> ids, MergeTable merges)
    {
        ArgumentNullException.ThrowIfNull(merges);
        var count = ids.Length;
        if (count < 2) return count;
        Span<int> ranks = count <= 256 ? stackalloc int[count] : new int[count];     // ranks[i]: pair (i, i+1)
        Span<int> mergedIds = count <= 256 ? stackalloc int[count] : new int[count];
        for (var i = 0; i + 1 < count; i++) Lookup(ids, merges, i, ranks, mergedIds);
        while (count > 1)
        {
            var best = 0;
            for (var i = 1; i + 1 < count; i++)
            {
                if (ranks[i] < ranks[best]) best = i; // strict: the leftmost pair wins ties
            }
            if (ranks[best] == int.MaxValue) break;
            ids[best] = mergedIds[best];
            var pairs = count - 1;
            ids.Slice(best + 2, count - best - 2).CopyTo(ids[(best + 1)..]);
            if (best + 2 < pairs)
            {
                ranks.Slice(best + 2, pairs - best - 2).CopyTo(ranks[(best + 1)..]);
                mergedIds.Slice(best + 2, pairs - best - 2).CopyTo(mergedIds[(best + 1)..]);
            }
            count--;
            if (best > 0) Lookup(ids, merges, best - 1, ranks, mergedIds);
            if (best + 1 < count) Lookup(ids, merges, best, ranks, mergedIds);
        }
        return count;
    }

    private static void Lookup(Span<int> ids, MergeTable merges, int pair, Span<int> ranks, Span<int> mergedIds)
    {
        if (merges.TryGet(ids[pair], ids[pair + 1], out var rule))
        {
            ranks[pair] = rule.Rank;
            mergedIds[pair] = rule.MergedId;
        }
        else
        {
            ranks[pair] = int.MaxValue;
        }
    }

    /// <summary>Priority-queue merging: candidates ordered by (rank, position); stale candidates are skipped.</summary>
    public static int MergeByQueue(Span<int> ids, MergeTable merges)
    {
        ArgumentNullException.ThrowIfNull(merges);
        var n = ids.Length;
        if (n < 2) return n;
        var next = new int[n];
        var prev = new int[n];
        var alive = new bool[n];
        for (var i = 0; i < n; i++) { next[i] = i + 1 < n ? i + 1 : -1; prev[i] = i - 1; alive[i] = true; }
        var queue = new PriorityQueue<Candidate, long>();
        for (var i = 0; i + 1 < n; i++) Push(queue, ids, merges, i, i + 1);

        while (queue.TryDequeue(out var c, out _))
        {
            // Stale when either side was merged away or changed id since the candidate was queued.
            if (!alive[c.Left] || next[c.Left] != c.Right || ids[c.Left] != c.LeftId || ids[c.Right] != c.RightId) continue;
            ids[c.Left] = c.MergedId;
            alive[c.Right] = false;
            var after = next[c.Right];
            next[c.Left] = after;
            if (after >= 0) prev[after] = c.Left;
            if (prev[c.Left] >= 0) Push(queue, ids, merges, prev[c.Left], c.Left);
            if (after >= 0) Push(queue, ids, merges, c.Left, after);
        }

        var count = 0;
        for (var i = 0; i >= 0; i = next[i]) ids[count++] = ids[i];
        return count;
    }

    private static void Push(PriorityQueue<Candidate, long> queue, Span<int> ids, MergeTable merges, int left, int right)
    {
        if (!merges.TryGet(ids[left], ids[right], out var rule)) return;
        // Priority (rank, position) packed into one long: ranks and positions are both < 2^31.
        queue.Enqueue(new Candidate(left, right, ids[left], ids[right], rule.MergedId), ((long)rule.Rank << 31) | (uint)left);
    }

    private readonly record struct Candidate(int Left, int Right, int LeftId, int RightId, int MergedId);
}
