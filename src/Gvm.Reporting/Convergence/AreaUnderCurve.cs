namespace Gvm.Reporting.Convergence;

/// <summary>
/// Area under an eval curve, normalised to a mean accuracy over a cost range: the integral of the piecewise-linear
/// interpolant of (x, y) from a to b by the trapezoid rule over the eval points, divided by b − a. It needs no
/// target and no censoring, and it rewards learning early as well as ending high.
/// </summary>
public static class AreaUnderCurve
{
    /// <summary>
    /// (1 / (b − a)) ∫_a^b y(x) dx with y the linear interpolation of the eval points:
    /// Σ over the segments [x_i, x_{i+1}] clipped to [a, b] of ½ (y(l) + y(r)) (r − l), divided by b − a.
    /// NaN when [a, b] is empty or not inside [x_0, x_last].
    /// </summary>
    public static double MeanOver(IReadOnlyList<double> x, IReadOnlyList<double> y, double from, double to)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException("x and y differ in length", nameof(y));
        if (x.Count < 2 || !(to > from) || from < x[0] || to > x[^1]) return double.NaN;
        var area = 0.0;
        for (var i = 0; i + 1 < x.Count; i++)
        {
            var l = Math.Max(x[i], from);
            var r = Math.Min(x[i + 1], to);
            if (!(r > l)) continue;
            // The segment's own line (not a search over x): repeated x values (no cost between two evals) stay exact.
            var slope = (y[i + 1] - y[i]) / (x[i + 1] - x[i]);
            area += 0.5 * (y[i] + slope * (l - x[i]) + y[i] + slope * (r - x[i])) * (r - l);
        }
        return area / (to - from);
    }

    /// <summary>The cost range two curves both cover: [max of their first x, min of their last x] (NaN when empty).</summary>
    public static (double From, double To) CommonRange(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 || b.Count == 0) return (double.NaN, double.NaN);
        var from = Math.Max(a[0], b[0]);
        var to = Math.Min(a[^1], b[^1]);
        return to > from ? (from, to) : (double.NaN, double.NaN);
    }
}
