namespace Gvm.Reasoning.Tokenizers;

/// <summary>One BPE merge: the pair's rank (line order in merges.txt) and the id of the merged token.</summary>
public readonly record struct MergeRule(int Rank, int MergedId);

/// <summary>The merge rules of a BPE vocabulary keyed by the ids of the pair.</summary>
public sealed class MergeTable
{
    private readonly Dictionary<long, MergeRule> _rules;

    public MergeTable(IReadOnlyDictionary<long, MergeRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = new Dictionary<long, MergeRule>(rules, PairKeyComparer.Instance);
    }

    public int Count => _rules.Count;

    public static long Key(int leftId, int rightId) => ((long)leftId << 32) | (uint)rightId;

    public bool TryGet(int leftId, int rightId, out MergeRule rule) => _rules.TryGetValue(Key(leftId, rightId), out rule);

    /// <summary>
    /// Why: long's own hash is <c>low ^ high</c>, i.e. <c>leftId ^ rightId</c>, which piles the pairs of small ids (bytes,
    /// common tokens) onto a few buckets; measured 60 µs per unseen English word with it. Fibonacci hashing spreads them.
    /// </summary>
    private sealed class PairKeyComparer : IEqualityComparer<long>
    {
        public static readonly PairKeyComparer Instance = new();

        public bool Equals(long x, long y) => x == y;

        public int GetHashCode(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 32);
    }
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

    /// <summary>Quadratic scan: find the lowest-ranked adjacent pair, merge it, repeat.</summary>
    public static int MergeByScan(Span<int> ids, MergeTable merges)
    {
        ArgumentNullException.ThrowIfNull(merges);
        var count = ids.Length;
        while (count > 1)
        {
            var bestRank = int.MaxValue;
            var bestPos = -1;
            var bestId = 0;
            for (var i = 0; i + 1 < count; i++)
            {
                if (merges.TryGet(ids[i], ids[i + 1], out var rule) && rule.Rank < bestRank)
                {
                    bestRank = rule.Rank;
                    bestPos = i;
                    bestId = rule.MergedId;
                }
            }
            if (bestPos < 0) break;
            ids[bestPos] = bestId;
            ids.Slice(bestPos + 2, count - bestPos - 2).CopyTo(ids[(bestPos + 1)..]);
            count--;
        }
        return count;
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
