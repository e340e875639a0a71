using Gvm.Reporting.Statistics;

namespace Gvm.Reporting.Tests.Statistics;

public class BootstrapTests
{
    private static readonly double[] Values = [1.4, 2.2, 1.9, 2.6, 1.1, 2.0, 1.7];

    [Fact]
    public void Same_seed_gives_the_same_interval()
    {
        var a = Bootstrap.Interval(Values, Bootstrap.Median, 2000, seed: 7);
        var b = Bootstrap.Interval(Values, Bootstrap.Median, 2000, seed: 7);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Interval_brackets_the_statistic_and_stays_in_the_data_range()
    {
        var (low, high) = Bootstrap.Interval(Values, Bootstrap.Median, 2000, seed: 7);
        var median = Bootstrap.Median(Values);
        Assert.InRange(median, low, high);
        Assert.True(low >= Values.Min() && high <= Values.Max());
        Assert.True(high > low);
    }

    [Fact]
    public void Different_seeds_resample_differently()
    {
        var a = Bootstrap.Interval(Values, Bootstrap.Mean, 200, seed: 1);
        var b = Bootstrap.Interval(Values, Bootstrap.Mean, 200, seed: 2);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void One_value_has_a_zero_width_interval_and_none_is_nan()
    {
        Assert.Equal((3.0, 3.0), Bootstrap.Interval([3.0], Bootstrap.Median));
        Assert.True(double.IsNaN(Bootstrap.Interval([], Bootstrap.Median).Low));
    }

    [Fact]
    public void Quantiles_and_moments_match_hand_values()
    {
        Assert.Equal(2.5, Bootstrap.Median([1, 2, 3, 4]), 12);
        Assert.Equal(1.75, Bootstrap.Quantile([1, 2, 3, 4], 0.25), 12);
        Assert.Equal(Math.Sqrt(5.0 / 3.0), Bootstrap.StdDev([1, 2, 3, 4]), 12);
        Assert.Equal(0, Bootstrap.StdDev([5]));
    }
}
