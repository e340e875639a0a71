namespace Gvm.Reporting.Statistics;

/// <summary>
/// Mean of n paired differences with its Student t interval: mean ± t_{(1+level)/2, n−1} · s / √n, s the sample
/// standard deviation (n − 1). <see cref="HasInterval"/> is false below n = 2 (one difference gives no spread).
/// </summary>
public sealed record TInterval(int N, double Mean, double StdDev, double Low, double High, double Level)
{
    public bool HasInterval => N >= 2 && double.IsFinite(Low) && double.IsFinite(High);
    public double StdError => N >= 2 ? StdDev / Math.Sqrt(N) : double.NaN;

    /// <summary>True when the whole interval lies above <paramref name="value"/>.</summary>
    public bool Above(double value) => HasInterval && Low > value;
    /// <summary>True when the whole interval lies below <paramref name="value"/>.</summary>
    public bool Below(double value) => HasInterval && High < value;

    public static readonly TInterval Empty = new(0, double.NaN, double.NaN, double.NaN, double.NaN, 0.95);
}

/// <summary>The paired t interval for a mean difference (Student, "The probable error of a mean", Biometrika 6, 1908).</summary>
public static class PairedT
{
    /// <summary>
    /// Interval for the mean of <paramref name="differences"/> (NaN values are dropped): n = 0 gives NaN everywhere,
    /// n = 1 the value with no interval (Low = High = NaN).
    /// </summary>
    public static TInterval Of(IReadOnlyList<double> differences, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(differences);
        if (level is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(level), level, "must be in (0, 1)");
        var d = differences.Where(v => !double.IsNaN(v)).ToArray();
        var n = d.Length;
        if (n == 0) return TInterval.Empty with { Level = level };
        var mean = d.Average();
        if (n == 1) return new TInterval(1, mean, double.NaN, double.NaN, double.NaN, level);
        var sd = Descriptive.StdDev(d);
        var half = StudentT.Quantile((1 + level) / 2, n - 1) * sd / Math.Sqrt(n);
        return new TInterval(n, mean, sd, mean - half, mean + half, level);
    }
}
