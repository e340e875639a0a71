using Gvm.Core.Runs;
using Gvm.Reporting.Convergence;
using Gvm.Reporting.Curves;
using Gvm.Reporting.Statistics;

namespace Gvm.Reporting.Comparison;

/// <summary>Crossing times per seed and S_X per pair, axis and fraction (geometric mean over seeds with a t interval on log S).</summary>
public static class SpeedupTables
{
    /// <summary>Crossing times of every complete seed of a pair, per cost axis and fraction X.</summary>
    public static IEnumerable<CrossingRow> CrossingRows(PairGroup pair, IReadOnlyList<double> fractions)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(fractions);
        foreach (var seed in pair.Seeds.Where(s => s.Complete))
        {
            foreach (var axis in CostAxes.All)
            {
                var b = EvalCurves.Build(seed.Baseline!.Metrics, Benchmarks.Average, axis);
                var c = EvalCurves.Build(seed.Candidate!.Metrics, Benchmarks.Average, axis);
                foreach (var fraction in fractions)
                    yield return CrossingRowOf(pair, seed.Seed, axis, fraction, b, c);
            }
        }
    }

    /// <summary>
    /// One seed on one axis: T_X = warm start + X · (baseline final − warm start), the warm start being the baseline's
    /// first eval (step 0: the shared checkpoint); each run's cost to reach T_X by linear interpolation between eval
    /// points (<see cref="ConvergenceMath.FirstCrossing"/>); S_X = cost_baseline / cost_candidate.
    /// </summary>
    public static CrossingRow CrossingRowOf(PairGroup pair, int seed, CostAxis axis, double fraction, Curve baseline, Curve candidate)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        var row = new CrossingRow { Pair = pair.Name, Group = pair.Group, Seed = seed, Axis = axis.ToName(), Fraction = fraction };
        if (baseline.IsEmpty || candidate.IsEmpty)
            return row with { Note = $"{axis.MetricKey() ?? "eval"} not logged by the {(baseline.IsEmpty ? "baseline" : "candidate")}" };
        row = row with
        {
            BaselineBudget = baseline.X[^1],
            BaselineFinal = baseline.Y[^1],
            CandidateAtBudget = ConvergenceMath.ValueAt(candidate.X, candidate.Y, baseline.X[^1]).Value,
        };
        if (baseline.Y[^1] <= baseline.Y[0]) return row with { Note = "baseline did not improve: no target" };
        var target = ConvergenceMath.Target(baseline.Y[0], baseline.Y[^1], fraction);
        var cb = ConvergenceMath.FirstCrossing(baseline.X, baseline.Y, target);
        var cc = ConvergenceMath.FirstCrossing(candidate.X, candidate.Y, target);
        var s = Speedup.From(cb, cc);
        return row with
        {
            Target = target,
            BaselineT = cb.Bound,
            BaselineCensored = cb.Censored,
            CandidateT = cc.Bound,
            CandidateCensored = cc.Censored,
            Speedup = s.Value,
            Bound = BoundName(s.Bound),
        };
    }

    /// <summary>S_X per cost axis and fraction for one pair: geometric mean over seeds and its t interval.</summary>
    public static IEnumerable<SpeedupRow> SpeedupRows(PairGroup pair, IReadOnlyList<CrossingRow> crossings, IReadOnlyList<double> fractions, double level)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(crossings);
        ArgumentNullException.ThrowIfNull(fractions);
        var incomplete = pair.Seeds.Count(s => !s.Complete);
        foreach (var axis in CostAxes.All)
        {
            foreach (var fraction in fractions)
            {
                var rows = crossings.Where(r => r.Pair == pair.Name && r.Group == pair.Group && r.Axis == axis.ToName() && r.Fraction == fraction).ToArray();
                yield return Aggregate(pair, axis, fraction, rows, incomplete, level);
            }
        }
    }

    private static SpeedupRow Aggregate(PairGroup pair, CostAxis axis, double fraction, CrossingRow[] rows, int incomplete, double level)
    {
        var withTarget = rows.Where(r => !double.IsNaN(r.Target)).ToArray();
        var speedups = withTarget.Select(r => new Speedup(r.Speedup, ParseBound(r.Bound))).ToArray();
        var geo = GeometricSpeedup.Of(speedups, level);
        var notes = new List<string>();
        if (incomplete > 0) notes.Add($"{incomplete} seed(s) incomplete, left out");
        notes.AddRange(rows.Where(r => r.Note.Length > 0).GroupBy(r => r.Note).Select(g => $"{g.Key} ({g.Count()} seed(s))"));
        var neither = withTarget.Count(r => r.Bound == "undefined");
        if (neither > 0) notes.Add($"{neither} seed(s) with no speedup (neither run reached the target)");
        var candidateCensored = withTarget.Count(r => r.Bound == "upper_bound");
        var baselineCensored = withTarget.Count(r => r.Bound == "lower_bound");
        if (candidateCensored > 0) notes.Add($"{candidateCensored} seed(s) where the candidate never reached T_X: S ≤ t_baseline / run length, entered at that bound");
        if (baselineCensored > 0) notes.Add($"{baselineCensored} seed(s) where the baseline never reached T_X: S ≥ run length / t_candidate, entered at that bound");
        if (geo.Bound == SpeedupBound.Undefined && geo.Seeds > 0) notes.Add("censored seeds point both ways: no interval");
        var budgeted = rows.Where(r => !double.IsNaN(r.BaselineBudget)).ToArray();
        return new SpeedupRow
        {
            Pair = pair.Name,
            Group = pair.Group,
            Baseline = pair.BaselineName,
            Candidate = pair.CandidateName,
            Axis = axis.ToName(),
            Fraction = fraction,
            Seeds = geo.Seeds,
            CensoredSeeds = geo.Censored,
            TargetMean = Descriptive.Mean(withTarget.Select(r => r.Target).ToArray()),
            BaselineTimeMedian = Descriptive.Median(withTarget.Select(r => r.BaselineT).ToArray()),
            CandidateTimeMedian = Descriptive.Median(withTarget.Select(r => r.CandidateT).ToArray()),
            SpeedupGeoMean = geo.GeoMean,
            SpeedupLow = geo.Low,
            SpeedupHigh = geo.High,
            Bound = BoundName(geo.Bound),
            BaselineBudget = Descriptive.Median(budgeted.Select(r => r.BaselineBudget).ToArray()),
            BaselineFinalMean = Descriptive.Mean(budgeted.Select(r => r.BaselineFinal).ToArray()),
            CandidateAtBudgetMean = Descriptive.Mean(budgeted.Select(r => r.CandidateAtBudget).ToArray()),
            Note = string.Join("; ", notes),
        };
    }

    public static string BoundName(SpeedupBound bound) => bound switch
    {
        SpeedupBound.Exact => "exact",
        SpeedupBound.LowerBound => "lower_bound",
        SpeedupBound.UpperBound => "upper_bound",
        SpeedupBound.Undefined => "undefined",
        _ => throw new ArgumentOutOfRangeException(nameof(bound), bound, "supported: exact, lower_bound, upper_bound, undefined"),
    };

    public static SpeedupBound ParseBound(string name) => name switch
    {
        "exact" => SpeedupBound.Exact,
        "lower_bound" => SpeedupBound.LowerBound,
        "upper_bound" => SpeedupBound.UpperBound,
        "undefined" => SpeedupBound.Undefined,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "supported: exact, lower_bound, upper_bound, undefined"),
    };
}
