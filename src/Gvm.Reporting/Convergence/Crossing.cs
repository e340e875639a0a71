namespace Gvm.Reporting.Convergence;

/// <summary>When a curve first reaches a target: <see cref="T"/>, or right-censored at <see cref="TMax"/>.</summary>
public readonly record struct Crossing(double T, bool Censored, double TMax)
{
    /// <summary>The time to report: T when crossed, TMax (a lower bound of the true T) when censored.</summary>
    public double Bound => Censored ? TMax : T;
}

/// <summary>
/// Convergence math of the comparison (pure functions). Gain-normalised targets follow the speedup protocol of the
/// GVM paper's convergence plots (arXiv 2505.02391, Sec. 5: "speedup to reach the baseline's accuracy").
/// </summary>
public static class ConvergenceMath
{
    /// <summary>The fractions X of the baseline's gain used as targets.</summary>
    public static readonly IReadOnlyList<double> DefaultFractions = [0.5, 0.8, 0.9];

    /// <summary>T_X = base + X · (baselineFinal − base).</summary>
    public static double Target(double baseAccuracy, double baselineFinal, double fraction) =>
        baseAccuracy + fraction * (baselineFinal - baseAccuracy);

    /// <summary>
    /// First cost at which the eval curve (x, y) reaches <paramref name="target"/>: with i the first eval where
    /// y_i ≥ target (so y_{i−1} &lt; target), t = x_{i−1} + (target − y_{i−1}) / (y_i − y_{i−1}) · (x_i − x_{i−1}), the linear
    /// interpolation between those two eval points. A curve that never reaches it is right-censored at its last x.
    /// Curves hold finite values only (<see cref="Curves.EvalCurves.Build"/> drops the rest).
    /// </summary>
    public static Crossing FirstCrossing(IReadOnlyList<double> x, IReadOnlyList<double> y, double target)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException("x and y differ in length", nameof(y));
        if (x.Count == 0) return new Crossing(double.NaN, true, double.NaN);
        for (var i = 0; i < y.Count; i++)
        {
            if (!(y[i] >= target)) continue;
            if (i == 0) return new Crossing(x[0], false, x[^1]);
            // Every earlier eval is below the target: y[i − 1] < target ≤ y[i].
            var t = x[i - 1] + (target - y[i - 1]) / (y[i] - y[i - 1]) * (x[i] - x[i - 1]);
            return new Crossing(t, false, x[^1]);
        }
        return new Crossing(double.NaN, true, x[^1]);
    }

    /// <summary>Linear interpolation of the raw curve at <paramref name="at"/>; the last value beyond the end (extrapolated = true).</summary>
    public static (double Value, bool Extrapolated) ValueAt(IReadOnlyList<double> x, IReadOnlyList<double> y, double at)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count == 0) return (double.NaN, true);
        if (at <= x[0]) return (y[0], at < x[0]);
        for (var i = 1; i < x.Count; i++)
        {
            if (at > x[i]) continue;
            if (x[i] == x[i - 1]) return (y[i], false);
            return (y[i - 1] + (at - x[i - 1]) / (x[i] - x[i - 1]) * (y[i] - y[i - 1]), false);
        }
        return (y[^1], at > x[^1]);
    }
}
