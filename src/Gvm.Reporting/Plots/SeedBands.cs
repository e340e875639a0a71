using Gvm.Reporting.Convergence;
using Gvm.Reporting.Curves;
using Gvm.Reporting.Statistics;

namespace Gvm.Reporting.Plots;

/// <summary>Mean curve and min–max band of several seeds' curves on a common grid (pure).</summary>
public static class SeedBands
{
    public sealed record Band(double[] X, double[] Mean, double[] Low, double[] High);

    /// <summary>
    /// Seeds' curves interpolated onto <paramref name="points"/> evenly spaced costs over the range every seed covers.
    /// A single seed keeps its own points (no interpolation, zero-width band).
    /// </summary>
    public static Band Of(IReadOnlyList<Curve> curves, int points = 60)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var used = curves.Where(c => !c.IsEmpty).ToArray();
        if (used.Length == 0) return new Band([], [], [], []);
        if (used.Length == 1) return new Band(used[0].X, used[0].Y, used[0].Y, used[0].Y);
        var from = used.Max(c => c.X[0]);
        var to = used.Min(c => c.X[^1]);
        if (!(to > from)) return new Band([], [], [], []);
        var x = Enumerable.Range(0, points).Select(i => from + (to - from) * i / (points - 1)).ToArray();
        var mean = new double[points];
        var low = new double[points];
        var high = new double[points];
        for (var i = 0; i < points; i++)
        {
            var ys = used.Select(c => ConvergenceMath.ValueAt(c.X, c.Y, x[i]).Value).ToArray();
            mean[i] = Descriptive.Mean(ys);
            low[i] = ys.Min();
            high[i] = ys.Max();
        }
        return new Band(x, mean, low, high);
    }
}
