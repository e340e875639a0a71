using System.Numerics;
using Gvm.Reporting.Statistics;

namespace Gvm.Reporting.Tests.Statistics;

public class ExactTestsTests
{
    // ---- sign test ----

    [Fact]
    public void Sign_test_p_values_by_hand()
    {
        // 5 of 5 positive: P(X ≥ 5 | n = 5) = 1/32.
        Assert.Equal(1 / 32.0, SignTest.Greater([0.1, 0.2, 0.3, 0.4, 0.5]).P, 1e-14);
        // 3 of 4 positive: (C(4,3) + C(4,4)) / 16 = 5/16.
        var r = SignTest.Greater([0.1, 0.2, -0.3, 0.4]);
        Assert.Equal((4, 3.0), (r.N, r.Statistic));
        Assert.Equal(5 / 16.0, r.P, 1e-14);
        // Zeros carry no sign: [0, +, +] is n = 2, k = 2, p = 1/4.
        Assert.Equal(2, SignTest.Greater([0.0, 1, 2]).N);
        Assert.Equal(0.25, SignTest.Greater([0.0, 1, 2]).P, 1e-14);
        // 3 seeds can never reach p < 0.125.
        Assert.Equal(0.125, SignTest.Greater([1.0, 2, 3]).P, 1e-14);
        Assert.True(double.IsNaN(SignTest.Greater([0.0, 0]).P));
    }

    [Fact]
    public void Sign_test_closed_form_equals_the_binomial_sum()
    {
        for (var n = 1; n <= 30; n++)
        {
            for (var k = 0; k <= n + 1; k++)
            {
                // Loop: Σ_{j ≥ k} C(n, j) / 2ⁿ in exact integers.
                BigInteger count = 0, c = 1;
                for (var j = 0; j <= n; j++)
                {
                    if (j >= k) count += c;
                    c = c * (n - j) / (j + 1);
                }
                var expected = (double)count / Math.Pow(2, n);
                Assert.Equal(expected, SignTest.UpperBinomialHalf(n, k), 1e-13);
            }
        }
    }

    [Fact]
    public void Sign_test_p_falls_with_more_positives_and_is_symmetric()
    {
        for (var n = 1; n <= 15; n++)
        {
            for (var k = 1; k <= n; k++)
            {
                Assert.True(SignTest.UpperBinomialHalf(n, k) < SignTest.UpperBinomialHalf(n, k - 1));
                // P(X ≥ k) + P(X ≥ n − k + 1) = P(X ≥ k) + P(X ≤ k − 1) = 1.
                Assert.Equal(1, SignTest.UpperBinomialHalf(n, k) + SignTest.UpperBinomialHalf(n, n - k + 1), 1e-13);
            }
        }
    }

    // ---- Wilcoxon signed-rank ----

    [Fact]
    public void Wilcoxon_p_values_by_hand_and_from_the_critical_value_table()
    {
        // All 5 positive: W⁺ = 15, only the all-plus assignment reaches it: 1/32.
        Assert.Equal(1 / 32.0, WilcoxonSignedRank.Greater([0.5, 0.1, 0.3, 0.2, 0.4]).P, 14);
        // n = 3, ranks 1, 2, 3 with the 3 negative: W⁺ = 3; subsets of {1,2,3} summing ≥ 3: {3},{1,2},{1,3},{2,3},{1,2,3} → 5/8.
        var r = WilcoxonSignedRank.Greater([1.0, 2, -3]);
        Assert.Equal((3, 3.0, 5 / 8.0), (r.N, r.Statistic, r.P));
        // Printed tables of signed-rank critical values (e.g. the appendix of Conover's text) give 2 as the one-sided 5%
        // critical value of the smaller rank sum for n = 6: P(W ≤ 2) = 3/64 = 0.047 and P(W ≤ 3) = 5/64 = 0.078.
        Assert.Equal(3 / 64.0, WilcoxonSignedRank.Greater([1.0, -2, 3, 4, 5, 6]).P, 14);
        Assert.Equal(5 / 64.0, WilcoxonSignedRank.Greater([1.0, 2, -3, 4, 5, 6]).P, 14);
        // Ties get mid-ranks: |d| = 1, 1, 2 → ranks 1.5, 1.5, 3, W⁺ = 3; the 8 sums are 0, 1.5, 1.5, 3, 3, 4.5, 4.5, 6 → 5/8.
        var tied = WilcoxonSignedRank.Greater([1.0, 1, -2]);
        Assert.Equal((3.0, 5 / 8.0), (tied.Statistic, tied.P));
        Assert.Equal([3, 3, 6], WilcoxonSignedRank.DoubledRanks([1.0, 1, 2]));
    }

    [Fact]
    public void Wilcoxon_recursion_equals_enumerating_every_sign_assignment()
    {
        var random = new Random(5);
        for (var trial = 0; trial < 60; trial++)
        {
            var n = 1 + random.Next(12);
            // Values on a coarse grid so that ties occur.
            var d = Enumerable.Range(0, n).Select(_ => (random.Next(9) - 3) / 4.0).Where(v => v != 0).ToArray();
            if (d.Length == 0) continue;
            var ranks = WilcoxonSignedRank.DoubledRanks(d.Select(Math.Abs).ToArray());
            var observed = d.Select((v, i) => v > 0 ? ranks[i] : 0).Sum();
            // Loop: all 2ⁿ assignments of signs to the observed ranks.
            var atLeast = 0;
            for (var mask = 0; mask < 1 << d.Length; mask++)
            {
                var w = 0;
                for (var i = 0; i < d.Length; i++) if ((mask >> i & 1) == 1) w += ranks[i];
                if (w >= observed) atLeast++;
            }
            Assert.Equal(atLeast / (double)(1 << d.Length), WilcoxonSignedRank.Greater(d).P, 13);
        }
    }

    [Fact]
    public void Wilcoxon_is_scale_invariant_monotone_and_its_two_tails_overlap_by_one_point()
    {
        double[] d = [0.3, -0.1, 0.7, 0.2, -0.4, 0.9];
        var p = WilcoxonSignedRank.Greater(d).P;
        Assert.Equal(p, WilcoxonSignedRank.Greater(d.Select(v => v * 17).ToArray()).P, 14);
        // Making a negative difference positive can only lower p.
        Assert.True(WilcoxonSignedRank.Greater([0.3, 0.1, 0.7, 0.2, -0.4, 0.9]).P < p);
        // P(W⁺ ≥ w) + P(W⁺ ≤ w) = 1 + P(W⁺ = w) > 1, and flipping every sign turns one tail into the other.
        var flipped = WilcoxonSignedRank.Greater(d.Select(v => -v).ToArray()).P;
        Assert.InRange(p + flipped, 1 + 1e-12, 1 + 0.2);
        Assert.True(double.IsNaN(WilcoxonSignedRank.Greater([0.0]).P));
    }
}
