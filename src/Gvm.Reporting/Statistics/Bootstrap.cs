namespace Gvm.Reporting.Statistics;

/// <summary>Summary statistics and seeded percentile-bootstrap intervals (pure; same seed, same interval).</summary>
public static class Bootstrap
{
    public const int DefaultResamples = 2000;
    public const int DefaultSeed = 20250502;

    public static double Mean(IReadOnlyList<double> values) => values.Count == 0 ? double.NaN : values.Average();

    /// <summary>Sample standard deviation (n − 1); 0 for a single value, NaN for none.</summary>
    public static double StdDev(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        if (values.Count == 1) return 0;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    public static double Median(IReadOnlyList<double> values) => Quantile(values, 0.5);

    /// <summary>Linear-interpolated quantile (the "type 7" definition used by NumPy's default).</summary>
    public static double Quantile(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.OrderBy(v => v).ToArray();
        var h = (sorted.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>
    /// Percentile bootstrap interval of <paramref name="statistic"/>: resample the values with replacement
    /// <paramref name="resamples"/> times using <c>new Random(seed)</c>, take the (1 − level)/2 and (1 + level)/2
    /// quantiles of the resampled statistics. One value gives a zero-width interval; none gives NaN.
    /// </summary>
    public static (double Low, double High) Interval(
        IReadOnlyList<double> values, Func<IReadOnlyList<double>, double> statistic,
        int resamples = DefaultResamples, int seed = DefaultSeed, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(statistic);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (level is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(level), level, "must be in (0, 1)");
        if (values.Count == 0) return (double.NaN, double.NaN);
        if (values.Count == 1) return (values[0], values[0]);
        var random = new Random(seed);
        var sample = new double[values.Count];
        var stats = new double[resamples];
        for (var b = 0; b < resamples; b++)
        {
            for (var i = 0; i < sample.Length; i++) sample[i] = values[random.Next(values.Count)];
            stats[b] = statistic(sample);
        }
        return (Quantile(stats, (1 - level) / 2), Quantile(stats, (1 + level) / 2));
    }
}
