using Gvm.Reporting.Statistics;

namespace Gvm.Reporting.Convergence;

/// <summary>
/// The geometric mean of per-seed speedups with a t interval: <see cref="Seeds"/> seeds with a defined speedup, of
/// which <see cref="Censored"/> are bounds (one run never reached the target). <see cref="Bound"/> says how the summary
/// relates to the truth: exact when nothing is censored, an upper (lower) bound when the censored seeds are all upper
/// (lower) bounds, undefined when they point both ways.
/// </summary>
public sealed record GeometricSpeedup(int Seeds, int Censored, SpeedupBound Bound, double GeoMean, double Low, double High, double Level)
{
    public bool HasInterval => Seeds >= 2 && double.IsFinite(Low) && double.IsFinite(High);

    public static GeometricSpeedup None(double level) => new(0, 0, SpeedupBound.Undefined, double.NaN, double.NaN, double.NaN, level);

    /// <summary>
    /// exp(mean of log S) with the paired t interval on log S_i = log t_baseline,i − log t_candidate,i mapped back by exp
    /// (a ratio's interval on the log scale, where seed-to-seed spread is roughly symmetric). Censored seeds enter at
    /// their bound (t_max of the run that did not cross); the result then carries that bound's direction, and when
    /// censored seeds point both ways the interval is left out (NaN). Undefined seeds (neither run reached the target)
    /// are not counted.
    /// </summary>
    public static GeometricSpeedup Of(IReadOnlyList<Speedup> seeds, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var used = seeds.Where(s => s.Bound != SpeedupBound.Undefined && s.Value > 0 && double.IsFinite(s.Value)).ToArray();
        if (used.Length == 0) return None(level);
        var bound = Speedup.Combine(used.Select(s => s.Bound));
        var censored = used.Count(s => s.Bound != SpeedupBound.Exact);
        var t = PairedT.Of(used.Select(s => Math.Log(s.Value)).ToArray(), level);
        var geo = Math.Exp(t.Mean);
        // Censored both ways: one seed may only be larger, another only smaller; no interval is honest.
        if (bound == SpeedupBound.Undefined) return new GeometricSpeedup(used.Length, censored, bound, geo, double.NaN, double.NaN, level);
        return new GeometricSpeedup(used.Length, censored, bound, geo,
            t.HasInterval ? Math.Exp(t.Low) : double.NaN, t.HasInterval ? Math.Exp(t.High) : double.NaN, level);
    }
}
