namespace Gvm.Reporting.Statistics;

/// <summary>
/// The exact Wilcoxon signed-rank test of "candidate better" (Wilcoxon 1945; Conover, Practical Nonparametric Statistics,
/// 3rd ed., Sec. 5.7). Zero differences are dropped, |d| is ranked with mid-ranks for ties, and W⁺ is the sum of the
/// ranks of the positive differences. Under H0 every rank carries a + or − sign with probability ½ independently, so
/// p = P(W⁺ ≥ w⁺_obs) is counted exactly over the 2ⁿ sign assignments of the observed ranks (the exact conditional
/// distribution when there are ties).
/// </summary>
public static class WilcoxonSignedRank
{
    /// <summary>One-sided exact p-value for "differences tend to be positive"; no nonzero difference gives p = NaN.</summary>
    public static OneSidedTest Greater(IReadOnlyList<double> differences)
    {
        ArgumentNullException.ThrowIfNull(differences);
        var d = differences.Where(v => !double.IsNaN(v) && v != 0).ToArray();
        if (d.Length == 0) return OneSidedTest.None;
        var ranks2 = DoubledRanks(d.Select(Math.Abs).ToArray());
        var observed = 0;
        for (var i = 0; i < d.Length; i++) if (d[i] > 0) observed += ranks2[i];
        return new OneSidedTest(d.Length, observed / 2.0, UpperTail(ranks2, observed));
    }

    /// <summary>
    /// Twice the mid-ranks of <paramref name="values"/> (1-based), so that tied mid-ranks such as 1.5 stay integers:
    /// a tie spanning sorted positions i..j (1-based) gets 2 × (i + j) / 2 = i + j.
    /// </summary>
    public static int[] DoubledRanks(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new int[values.Count];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            for (var k = start; k <= end; k++) ranks[order[k]] = (start + 1) + (end + 1);
            start = end + 1;
        }
        return ranks;
    }

    /// <summary>
    /// P(Σ sᵢ rᵢ ≥ w) with independent sᵢ ∈ {0, 1} of probability ½ each, for the (doubled, integer) ranks rᵢ, by the
    /// convolution recursion P_k(s) = ½ P_{k−1}(s) + ½ P_{k−1}(s − r_k) over the ranks (O(n · Σr) work).
    /// </summary>
    public static double UpperTail(IReadOnlyList<int> ranks2, int w)
    {
        ArgumentNullException.ThrowIfNull(ranks2);
        var total = ranks2.Sum();
        var dist = new double[total + 1];
        dist[0] = 1;
        var reach = 0;
        foreach (var r in ranks2)
        {
            reach += r;
            for (var s = reach; s >= 0; s--) dist[s] = 0.5 * dist[s] + (s >= r ? 0.5 * dist[s - r] : 0);
        }
        var p = 0.0;
        for (var s = Math.Max(0, w); s <= total; s++) p += dist[s];
        return Math.Min(1, p);
    }
}
