namespace Gvm.Reporting.Statistics;

/// <summary>
/// Student's t distribution with ν degrees of freedom, computed exactly (to double precision) for any ν &gt; 0:
/// no table, no normal approximation at large ν.
/// </summary>
public static class StudentT
{
    /// <summary>
    /// Density f(t) = Γ((ν+1)/2) / (√(νπ) Γ(ν/2)) · (1 + t²/ν)^(−(ν+1)/2).
    /// </summary>
    public static double Pdf(double t, double df)
    {
        CheckDf(df);
        var logC = SpecialFunctions.LogGamma((df + 1) / 2) - SpecialFunctions.LogGamma(df / 2) - 0.5 * Math.Log(df * Math.PI);
        return Math.Exp(logC - (df + 1) / 2 * Math.Log(1 + t * t / df));
    }

    /// <summary>
    /// P(T &gt; t) for t ≥ 0: ½ · I_{ν/(ν+t²)}(ν/2, ½) (Abramowitz and Stegun 26.7.1 with 26.5.27), accurate in the far
    /// tail where 1 − CDF would cancel.
    /// </summary>
    public static double UpperTail(double t, double df)
    {
        CheckDf(df);
        if (double.IsNaN(t)) return double.NaN;
        if (t < 0) return 1 - UpperTail(-t, df);
        if (double.IsPositiveInfinity(t)) return 0;
        return 0.5 * SpecialFunctions.RegularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
    }

    /// <summary>P(T ≤ t).</summary>
    public static double Cdf(double t, double df) => t >= 0 ? 1 - UpperTail(t, df) : UpperTail(-t, df);

    /// <summary>
    /// The p-quantile t_{p,ν}: the t with P(T ≤ t) = p, by inverting <see cref="UpperTail"/> (bracketing, then Newton
    /// steps kept inside the bracket, bisection otherwise) to a relative precision of about 1e-15.
    /// The 95% two-sided interval uses <c>Quantile(0.975, n − 1)</c>.
    /// </summary>
    public static double Quantile(double p, double df)
    {
        CheckDf(df);
        if (double.IsNaN(p) || p <= 0 || p >= 1) throw new ArgumentOutOfRangeException(nameof(p), p, "must be in (0, 1)");
        if (p == 0.5) return 0;
        if (p < 0.5) return -Quantile(1 - p, df);
        var tail = 1 - p;
        // Bracket: UpperTail is decreasing in t; double hi until it is below the target tail.
        double lo = 0, hi = 1;
        while (UpperTail(hi, df) > tail)
        {
            lo = hi;
            hi *= 2;
            if (hi > 1e300) return double.PositiveInfinity;
        }
        var t = (lo + hi) / 2;
        for (var i = 0; i < 200; i++)
        {
            var f = UpperTail(t, df) - tail;
            if (f > 0) lo = t; else hi = t;
            // d/dt UpperTail = −pdf: Newton step, rejected when it leaves the bracket.
            var next = t + f / Pdf(t, df);
            if (!(next > lo && next < hi)) next = (lo + hi) / 2;
            if (Math.Abs(next - t) <= 1e-15 * Math.Max(1, Math.Abs(t)) || hi - lo <= 1e-15 * Math.Max(1, hi)) return next;
            t = next;
        }
        return t;
    }

    private static void CheckDf(double df)
    {
        if (!(df > 0) || double.IsInfinity(df)) throw new ArgumentOutOfRangeException(nameof(df), df, "degrees of freedom must be finite and > 0");
    }
}
