using Gvm.Reporting.Statistics;

namespace Gvm.Reporting.Tests.Statistics;

public class PairedTTests
{
    [Fact]
    public void Interval_of_three_differences_by_hand()
    {
        // d = 1, 2, 3: mean 2, s = 1, s/√3 = 0.5773503; t_{0.975,2} = 4.3026527 → half width 2.4841377.
        var t = PairedT.Of([1.0, 2.0, 3.0]);
        Assert.Equal(3, t.N);
        Assert.Equal(2, t.Mean, 12);
        Assert.Equal(1, t.StdDev, 12);
        Assert.Equal(2 - 2.4841377, t.Low, 7);
        Assert.Equal(2 + 2.4841377, t.High, 7);
        Assert.True(t.HasInterval);
        Assert.False(t.Above(0));
    }

    [Fact]
    public void One_difference_has_no_interval_and_none_has_no_mean()
    {
        var one = PairedT.Of([0.25]);
        Assert.Equal((1, 0.25), (one.N, one.Mean));
        Assert.False(one.HasInterval);
        Assert.True(double.IsNaN(one.Low) && double.IsNaN(one.High) && double.IsNaN(one.StdDev));
        var none = PairedT.Of([]);
        Assert.Equal(0, none.N);
        Assert.True(double.IsNaN(none.Mean));
        Assert.False(one.Above(0) || one.Below(1));
    }

    [Fact]
    public void Half_width_is_the_t_quantile_times_the_standard_error()
    {
        double[] d = [0.013, -0.004, 0.021, 0.008];
        var t = PairedT.Of(d, 0.9);
        // Loop: mean and s written out.
        double mean = 0, ss = 0;
        foreach (var v in d) mean += v / d.Length;
        foreach (var v in d) ss += (v - mean) * (v - mean);
        var se = Math.Sqrt(ss / (d.Length - 1)) / Math.Sqrt(d.Length);
        Assert.Equal(mean + StudentT.Quantile(0.95, 3) * se, t.High, 14);
        Assert.Equal(se, t.StdError, 14);
    }

    [Fact]
    public void Interval_shifts_with_the_data_and_covers_the_mean_about_95_percent_of_the_time()
    {
        var random = new Random(11);
        var covered = 0;
        const int trials = 4000;
        for (var k = 0; k < trials; k++)
        {
            // n = 3 normal differences with mean 0.5 (Box–Muller).
            var d = Enumerable.Range(0, 3).Select(_ => 0.5 + Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())).ToArray();
            var t = PairedT.Of(d);
            if (t.Low <= 0.5 && 0.5 <= t.High) covered++;
            var shifted = PairedT.Of(d.Select(v => v + 3).ToArray());
            Assert.Equal(t.Low + 3, shifted.Low, 10);
            Assert.Equal(t.High + 3, shifted.High, 10);
        }
        Assert.InRange(covered / (double)trials, 0.935, 0.965);
    }
}
