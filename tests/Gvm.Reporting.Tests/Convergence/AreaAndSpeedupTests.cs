using Gvm.Reporting.Convergence;

namespace Gvm.Reporting.Tests.Convergence;

public class AreaAndSpeedupTests
{
    [Fact]
    public void Mean_accuracy_over_the_range_by_hand()
    {
        // (0, .3), (10, .5), (20, .4): area 10·0.4 + 10·0.45 = 8.5 over 20 → 0.425.
        double[] x = [0, 10, 20], y = [0.3, 0.5, 0.4];
        Assert.Equal(0.425, AreaUnderCurve.MeanOver(x, y, 0, 20), 14);
        // [5, 15]: y(5) = 0.4, y(15) = 0.45; 5·0.45 + 5·0.475 = 4.625 over 10 → 0.4625.
        Assert.Equal(0.4625, AreaUnderCurve.MeanOver(x, y, 5, 15), 14);
        Assert.True(double.IsNaN(AreaUnderCurve.MeanOver(x, y, 5, 5)));
        Assert.True(double.IsNaN(AreaUnderCurve.MeanOver(x, y, 0, 25)));
        Assert.Equal((10.0, 20.0), AreaUnderCurve.CommonRange([0, 10, 20, 30], [10, 15, 20]));
    }

    [Fact]
    public void Trapezoid_equals_a_fine_riemann_sum_of_the_interpolant()
    {
        var random = new Random(3);
        for (var trial = 0; trial < 20; trial++)
        {
            var x = new double[8];
            for (var i = 1; i < x.Length; i++) x[i] = x[i - 1] + random.NextDouble() * 5;
            var y = x.Select(_ => random.NextDouble()).ToArray();
            var (from, to) = (x[^1] * 0.1, x[^1] * 0.9);
            // Loop: midpoint sum of the linear interpolation over 100,000 slices.
            const int n = 100_000;
            var h = (to - from) / n;
            var sum = 0.0;
            for (var k = 0; k < n; k++) sum += ConvergenceMath.ValueAt(x, y, from + (k + 0.5) * h).Value * h;
            Assert.Equal(sum / (to - from), AreaUnderCurve.MeanOver(x, y, from, to), 7);
        }
    }

    [Fact]
    public void Mean_is_bounded_by_the_curve_additive_over_ranges_and_exact_on_lines()
    {
        double[] x = [0, 3, 3, 7, 12], y = [0.2, 0.6, 0.5, 0.9, 0.4];
        var m = AreaUnderCurve.MeanOver(x, y, 0, 12);
        Assert.InRange(m, y.Min(), y.Max());
        Assert.Equal(12 * m, 5 * AreaUnderCurve.MeanOver(x, y, 0, 5) + 7 * AreaUnderCurve.MeanOver(x, y, 5, 12), 12);
        // y = 0.1 + 0.02x has mean 0.1 + 0.02·(a + b)/2 over [a, b].
        double[] lx = [0, 4, 9, 20];
        var ly = lx.Select(v => 0.1 + 0.02 * v).ToArray();
        Assert.Equal(0.1 + 0.02 * 8.5, AreaUnderCurve.MeanOver(lx, ly, 2, 15), 13);
        Assert.Equal(0.7, AreaUnderCurve.MeanOver([0, 5, 10], [0.7, 0.7, 0.7], 1, 9), 14);
    }

    [Fact]
    public void Geometric_mean_speedup_by_hand()
    {
        // S = 1 and 4: geometric mean 2; log S = 0, ln 4: s = ln4/√2, s/√2 = ln2, half width t_{0.975,1}·ln2 = 8.8073.
        var g = GeometricSpeedup.Of([new Speedup(1, SpeedupBound.Exact), new Speedup(4, SpeedupBound.Exact)]);
        Assert.Equal((2, 0, SpeedupBound.Exact), (g.Seeds, g.Censored, g.Bound));
        Assert.Equal(2, g.GeoMean, 12);
        Assert.Equal(Math.Exp(Math.Log(2) + 12.706204736174707 * Math.Log(2)), g.High, 6);
        Assert.Equal(Math.Exp(Math.Log(2) - 12.706204736174707 * Math.Log(2)), g.Low, 9);
        // Equal speedups give a zero-width interval at that value.
        var same = GeometricSpeedup.Of([new Speedup(2, SpeedupBound.Exact), new Speedup(2, SpeedupBound.Exact), new Speedup(2, SpeedupBound.Exact)]);
        Assert.Equal((2.0, 2.0), (same.Low, same.High));
    }

    [Fact]
    public void Censored_seeds_enter_at_their_bound_and_mixed_directions_give_no_interval()
    {
        var upper = GeometricSpeedup.Of([new Speedup(1.2, SpeedupBound.Exact), new Speedup(0.5, SpeedupBound.UpperBound), Speedup.Undefined]);
        Assert.Equal((2, 1, SpeedupBound.UpperBound), (upper.Seeds, upper.Censored, upper.Bound));
        Assert.Equal(Math.Sqrt(1.2 * 0.5), upper.GeoMean, 12);
        Assert.True(upper.HasInterval);
        var mixed = GeometricSpeedup.Of([new Speedup(1.2, SpeedupBound.LowerBound), new Speedup(0.5, SpeedupBound.UpperBound)]);
        Assert.Equal(SpeedupBound.Undefined, mixed.Bound);
        Assert.False(mixed.HasInterval);
        var one = GeometricSpeedup.Of([new Speedup(1.7, SpeedupBound.Exact)]);
        Assert.Equal((1, 1.7), (one.Seeds, one.GeoMean));
        Assert.False(one.HasInterval);
        Assert.Equal(0, GeometricSpeedup.Of([Speedup.Undefined]).Seeds);
    }

    [Fact]
    public void Geometric_mean_is_scale_equivariant_and_inverts_with_the_pair()
    {
        Speedup[] s = [new(1.3, SpeedupBound.Exact), new(0.8, SpeedupBound.Exact), new(2.1, SpeedupBound.Exact), new(1.1, SpeedupBound.Exact)];
        var g = GeometricSpeedup.Of(s);
        var doubled = GeometricSpeedup.Of(s.Select(v => v with { Value = 2 * v.Value }).ToArray());
        Assert.Equal(2 * g.GeoMean, doubled.GeoMean, 12);
        Assert.Equal(2 * g.High, doubled.High, 10);
        // Swapping baseline and candidate inverts every S: the interval maps to [1/high, 1/low].
        var inverted = GeometricSpeedup.Of(s.Select(v => v with { Value = 1 / v.Value }).ToArray());
        Assert.Equal(1 / g.High, inverted.Low, 12);
        Assert.Equal(1 / g.GeoMean, inverted.GeoMean, 12);
    }
}
