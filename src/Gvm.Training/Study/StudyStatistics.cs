namespace Gvm.Training.Study;

/// <summary>A mean with its 95% (or other level) t-interval; NaN bounds when there is no interval.</summary>
public readonly record struct Interval(double Mean, double Low, double High, double StdError)
{
    public bool HasInterval => double.IsFinite(Low) && double.IsFinite(High);

    /// <summary>The whole interval lies above <paramref name="value"/>.</summary>
    public bool Above(double value) => HasInterval && Low > value;

    /// <summary>The whole interval lies below <paramref name="value"/>.</summary>
    public bool Below(double value) => HasInterval && High < value;

    public Interval Scale(double factor) => new(Mean * factor, Low * factor, High * factor, StdError * Math.Abs(factor));
}

/// <summary>The study's estimators of spread and agreement (pure; docs/trainer.md, "Measuring the variance claim").</summary>
public static class StudyStatistics
{
    public const double Level = 0.95;

    /// <summary>Mean of <paramref name="values"/> with the t-interval mean ± t_{(1+level)/2, n−1}·s/√n.</summary>
    public static Interval TInterval(IReadOnlyList<double> values, double level = Level)
    {
        ArgumentNullException.ThrowIfNull(values);
        var n = values.Count;
        if (n == 0) return new Interval(double.NaN, double.NaN, double.NaN, double.NaN);
        var mean = values.Average();
        if (n == 1) return new Interval(mean, double.NaN, double.NaN, double.NaN);
        var ss = values.Sum(v => (v - mean) * (v - mean));
        var se = Math.Sqrt(ss / (n - 1) / n);
        var half = StudentT.Quantile((1 + level) / 2, n - 1) * se;
        return new Interval(mean, mean - half, mean + half, se);
    }

    /// <summary>
    /// Relative variance tr Cov(ĝ) / ‖E ĝ‖² from R draws, given Σ_r ‖ĝ_r‖² and ‖Σ_r ĝ_r‖² only (so draws need not be
    /// kept): tr Cov = (Σ‖ĝ_r‖² − ‖Σĝ_r‖²/R)/(R − 1) (unbiased), ‖mean‖² = ‖Σĝ_r‖²/R².
    /// </summary>
    public static double RelativeVariance(double sumSquaredNorms, double squaredNormOfSum, int draws)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 2);
        var traceCov = TraceCovariance(sumSquaredNorms, squaredNormOfSum, draws);
        var meanSq = squaredNormOfSum / ((double)draws * draws);
        return meanSq > 0 ? traceCov / meanSq : double.PositiveInfinity;
    }

    /// <summary>Unbiased tr Cov(ĝ) = (Σ‖ĝ_r‖² − ‖Σĝ_r‖²/R)/(R − 1).</summary>
    public static double TraceCovariance(double sumSquaredNorms, double squaredNormOfSum, int draws)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 2);
        return Math.Max(0, (sumSquaredNorms - squaredNormOfSum / draws) / (draws - 1));
    }

    /// <summary>
    /// The expected cosine between the reference g* = (h₁ + h₂)/2 and the true gradient, from the split-half cosine ρ
    /// = cos(h₁, h₂) of its two independent halves: with h = g + e and noise ⟂ g in high dimension, ρ ≈ ‖g‖²/(‖g‖² + σ²)
    /// and cos(g*, g) ≈ sqrt(2ρ/(1 + ρ)) (the Spearman–Brown step-up of the half reliability). NaN when ρ ≤ 0.
    /// </summary>
    public static double ReferenceCosine(double splitHalfCosine) =>
        splitHalfCosine > 0 ? Math.Sqrt(2 * splitHalfCosine / (1 + splitHalfCosine)) : double.NaN;

    /// <summary>Normalised squared error ‖ĝ/‖ĝ‖ − g*/‖g*‖‖² = 2 − 2·cos(ĝ, g*) (both unit vectors).</summary>
    public static double Nmse(double cosine) => 2 - 2 * cosine;

    /// <summary>
    /// Mean over shards of the mean paired difference a_sr − b_sr (draw r of shard s of two estimators, coupled within a
    /// draw and independent across draws), with a t-interval: SE² = Σ_s Var_s(d)/(R_s·S²), Satterthwaite degrees of
    /// freedom (S(R − 1) when every shard's spread is equal). Shards are fixed: the interval is over draws.
    /// </summary>
    public static Interval PairedDifference(IReadOnlyList<IReadOnlyList<double>> a, IReadOnlyList<IReadOnlyList<double>> b, double level = Level)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count || a.Count == 0) throw new ArgumentException("a and b need the same, non-zero number of shards");
        var s = a.Count;
        double mean = 0, variance = 0, dfDenominator = 0;
        var enough = true;
        for (var k = 0; k < s; k++)
        {
            if (a[k].Count != b[k].Count || a[k].Count == 0) throw new ArgumentException($"shard {k}: {a[k].Count} and {b[k].Count} draws do not pair");
            var d = a[k].Zip(b[k], (x, y) => x - y).ToArray();
            var m = d.Average();
            mean += m / s;
            if (d.Length < 2) { enough = false; continue; }
            var term = d.Sum(t => (t - m) * (t - m)) / (d.Length - 1) / d.Length / ((double)s * s); // Var(mean d_s)/S²
            variance += term;
            dfDenominator += term * term / (d.Length - 1);
        }
        if (!enough) return new Interval(mean, double.NaN, double.NaN, double.NaN);
        var se = Math.Sqrt(variance);
        if (se == 0) return new Interval(mean, mean, mean, 0);
        var half = StudentT.Quantile((1 + level) / 2, variance * variance / dfDenominator) * se;
        return new Interval(mean, mean - half, mean + half, se);
    }

    /// <summary>
    /// Mean over shards of the shards' means, with a t-interval over the draws (SE² = Σ_s Var_s/(R_s·S²), Satterthwaite
    /// degrees of freedom): one estimator's cosine pooled over fixed shards.
    /// </summary>
    public static Interval PooledMean(IReadOnlyList<IReadOnlyList<double>> perShard, double level = Level) =>
        PairedDifference(perShard, perShard.Select(d => (IReadOnlyList<double>)new double[d.Count]).ToArray(), level);

    /// <summary>
    /// Geometric mean over shards of the ratios <paramref name="ratios"/> with a t-interval on their logarithms
    /// (S − 1 degrees of freedom; no interval for one shard). Non-positive or non-finite ratios give NaN.
    /// </summary>
    public static Interval GeometricMean(IReadOnlyList<double> ratios, double level = Level)
    {
        if (ratios.Count == 0 || ratios.Any(r => !(r > 0) || !double.IsFinite(r))) return new Interval(double.NaN, double.NaN, double.NaN, double.NaN);
        var logs = TInterval(ratios.Select(r => Math.Log(r)).ToArray(), level);
        return new Interval(Math.Exp(logs.Mean), Math.Exp(logs.Low), Math.Exp(logs.High), logs.StdError);
    }
}
