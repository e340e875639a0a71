using Gvm.Reporting.Convergence;
using Gvm.Reporting.Curves;
using Gvm.Reporting.Tests.Synthetic;

namespace Gvm.Reporting.Tests.Convergence;

public class ConvergenceMathTests
{
    [Fact]
    public void Target_is_the_gain_normalised_fraction()
    {
        Assert.Equal(0.5, ConvergenceMath.Target(0.2, 0.8, 0.5), 12);
        Assert.Equal(0.8, ConvergenceMath.Target(0.2, 0.8, 1.0), 12);
    }

    [Fact]
    public void Crossing_interpolates_linearly_between_bracketing_points()
    {
        var c = ConvergenceMath.FirstCrossing([0, 10, 20], [0.2, 0.4, 0.6], 0.5);
        Assert.False(c.Censored);
        Assert.Equal(15, c.T, 12);
    }

    [Fact]
    public void Crossing_interpolates_between_the_eval_points_around_the_first_reach_across_a_dip()
    {
        // 0.65 is first reached at x=30 (0.7); the eval before it is the dip at x=20 (0.3): 20 + 0.35/0.4·10 = 28.75.
        var c = ConvergenceMath.FirstCrossing([0, 10, 20, 30], [0.2, 0.6, 0.3, 0.7], 0.65);
        Assert.Equal(28.75, c.T, 12);
        // A target the curve already met earlier is crossed there, whatever follows.
        Assert.Equal(7.5, ConvergenceMath.FirstCrossing([0, 10, 20, 30], [0.2, 0.6, 0.3, 0.7], 0.5).T, 12);
    }

    [Fact]
    public void Never_crossing_curve_is_right_censored_at_its_last_cost()
    {
        var c = ConvergenceMath.FirstCrossing([0, 10, 20, 40], [0.2, 0.3, 0.25, 0.3], 0.5);
        Assert.True(c.Censored);
        Assert.Equal(40, c.TMax);
        Assert.Equal(40, c.Bound);
    }

    [Fact]
    public void A_curve_compressed_2x_in_cost_gives_speedup_2_at_every_fraction()
    {
        var steps = Enumerable.Range(0, 11).Select(i => i * 4.0).ToArray();
        var baseline = new Curve(steps, steps.Select(s => SyntheticSweep.F(s, seed: 3)).ToArray());
        var candidate = baseline.ScaleX(0.5);
        foreach (var x in new[] { 0.1, 0.5, 0.8, 0.9, 1.0 })
        {
            var target = ConvergenceMath.Target(baseline.Y[0], baseline.Y[^1], x);
            var s = Speedup.From(ConvergenceMath.FirstCrossing(baseline.X, baseline.Y, target),
                ConvergenceMath.FirstCrossing(candidate.X, candidate.Y, target));
            Assert.Equal(SpeedupBound.Exact, s.Bound);
            Assert.Equal(2.0, s.Value, 9);
        }
    }

    [Fact]
    public void Censoring_turns_the_speedup_into_a_bound()
    {
        var crossed = new Crossing(20, false, 40);
        var censored = new Crossing(double.NaN, true, 40);
        Assert.Equal(new Speedup(0.5, SpeedupBound.UpperBound), Speedup.From(crossed, censored));
        Assert.Equal(new Speedup(2.0, SpeedupBound.LowerBound), Speedup.From(censored, crossed));
        Assert.Equal(SpeedupBound.Undefined, Speedup.From(censored, censored).Bound);
    }

    [Fact]
    public void Value_at_interpolates_and_flags_extrapolation()
    {
        Assert.Equal((0.5, false), ConvergenceMath.ValueAt([0, 10], [0.4, 0.6], 5));
        Assert.Equal((0.6, true), ConvergenceMath.ValueAt([0, 10], [0.4, 0.6], 50));
    }
}
