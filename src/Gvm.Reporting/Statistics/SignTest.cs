namespace Gvm.Reporting.Statistics;

/// <summary>An exact one-sided test result: <see cref="N"/> informative pairs (zero differences dropped).</summary>
public sealed record OneSidedTest(int N, double Statistic, double P)
{
    public static readonly OneSidedTest None = new(0, double.NaN, double.NaN);
}

/// <summary>
/// The exact sign test of "candidate better" (differences d = candidate − baseline): under H0 each nonzero d is
/// positive with probability ½, so with k positives among n nonzero differences
/// p = P(X ≥ k), X ~ Binomial(n, ½) = Σ_{j=k}^{n} C(n, j) / 2ⁿ (Conover, Practical Nonparametric Statistics,
/// 3rd ed., Sec. 3.4). Zero differences carry no sign and are dropped.
/// </summary>
public static class SignTest
{
    /// <summary>One-sided p-value for "differences tend to be positive"; n = 0 nonzero gives p = NaN.</summary>
    public static OneSidedTest Greater(IReadOnlyList<double> differences)
    {
        ArgumentNullException.ThrowIfNull(differences);
        var d = differences.Where(v => !double.IsNaN(v) && v != 0).ToArray();
        if (d.Length == 0) return OneSidedTest.None;
        var k = d.Count(v => v > 0);
        return new OneSidedTest(d.Length, k, UpperBinomialHalf(d.Length, k));
    }

    /// <summary>
    /// P(X ≥ k) for X ~ Binomial(n, ½) in closed form through the incomplete beta function:
    /// P(X ≥ k) = I_{1/2}(k, n − k + 1) for 1 ≤ k ≤ n (Abramowitz and Stegun 26.5.24); 1 for k ≤ 0, 0 for k &gt; n.
    /// </summary>
    public static double UpperBinomialHalf(int n, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (k <= 0) return 1;
        if (k > n) return 0;
        return SpecialFunctions.RegularizedIncompleteBeta(0.5, k, n - k + 1);
    }
}
