using Gvm.Reporting.Convergence;
using Gvm.Reporting.Curves;
using Gvm.Reporting.Statistics;

namespace Gvm.Reporting.Comparison;

/// <summary>
/// How much each arm of a pair learned, on trainer steps: the gain of its final evaluation over its first (the warm
/// start), and its change over the last quarter of the run (final minus the interpolated accuracy at
/// first + ¾·(last − first)), per complete seed, with t intervals over seeds. A curve still rising in its last quarter
/// means steps-to-target near the end are close to censored. The CPU protocol's checks read these numbers
/// (docs/experiments/cpu-protocol.md, "Checks before reading the results").
/// </summary>
public static class Learning
{
    /// <summary>The share of the run, at its end, over which the change is measured.</summary>
    public const double LastPart = 0.25;

    /// <summary>One row per arm (baseline, then candidate) of a pair; n = 0 rows when no seed is complete.</summary>
    public static IEnumerable<LearningRow> Rows(PairGroup pair, double level)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var seeds = pair.Seeds.Where(s => s.Complete).ToArray();
        yield return RowOf(pair, "baseline", pair.BaselineName, seeds.Select(s => Of(Curve(s.Baseline!))).ToArray(), level);
        yield return RowOf(pair, "candidate", pair.CandidateName, seeds.Select(s => Of(Curve(s.Candidate!))).ToArray(), level);
    }

    /// <summary>
    /// Gain (y_last − y_first), change over the last quarter (y_last − y(x_q), x_q = x_last − ¼·(x_last − x_first)) and
    /// x_q, x_last of one curve; NaN when it has fewer than two evaluations.
    /// </summary>
    public static (double Gain, double Change, double From, double To) Of(Curve curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (curve.Count < 2 || !(curve.X[^1] > curve.X[0])) return (double.NaN, double.NaN, double.NaN, double.NaN);
        var from = curve.X[^1] - LastPart * (curve.X[^1] - curve.X[0]);
        var atFrom = ConvergenceMath.ValueAt(curve.X, curve.Y, from).Value;
        return (curve.Y[^1] - curve.Y[0], curve.Y[^1] - atFrom, from, curve.X[^1]);
    }

    private static Curve Curve(Inputs.RunRecord run) => EvalCurves.Build(run.Metrics, Benchmarks.Average, CostAxis.Steps);

    private static LearningRow RowOf(PairGroup pair, string arm, string name,
        (double Gain, double Change, double From, double To)[] seeds, double level)
    {
        var used = seeds.Where(s => double.IsFinite(s.Gain)).ToArray();
        var gain = PairedT.Of(used.Select(s => s.Gain).ToArray(), level);
        var change = PairedT.Of(used.Select(s => s.Change).ToArray(), level);
        // The quarter's bounds when every seed has the same ones (the usual case), else NaN: each seed uses its own.
        var sameRange = used.Length > 0 && used.All(s => s.From == used[0].From && s.To == used[0].To);
        return new LearningRow
        {
            Pair = pair.Name, Group = pair.Group, Arm = arm, Algorithm = name, N = gain.N,
            GainMean = gain.Mean, GainLow = gain.Low, GainHigh = gain.High,
            QuarterFrom = sameRange ? used[0].From : double.NaN, QuarterTo = sameRange ? used[0].To : double.NaN,
            ChangeMean = change.Mean, ChangeLow = change.Low, ChangeHigh = change.High,
        };
    }
}
