using Gvm.Core.Runs;
using Gvm.Reporting.Convergence;
using Gvm.Reporting.Curves;
using Gvm.Reporting.Fairness;
using Gvm.Reporting.Inputs;
using Gvm.Reporting.Statistics;

namespace Gvm.Reporting.Comparison;

/// <summary>Builds the comparison of a sweep: accuracy table, speedups per pair and axis, fairness checks.</summary>
public static class ComparisonBuilder
{
    public static ComparisonReport Build(SweepData sweep, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(options);
        var pairs = PairGroup.From(sweep);
        var runs = sweep.Plan.Runs.Select(p => sweep.Runs[p.RunId]).ToArray();
        var columns = runs.GroupBy(r => GroupKey.Of(r.Planned.Cell))
            .ToDictionary(g => g.Key, g => Benchmarks.Columns(g), StringComparer.Ordinal);

        var fairness = pairs.SelectMany(g => g.Seeds.Where(s => s.Baseline is not null && s.Candidate is not null)
            .SelectMany(s => FairnessChecker.Check(g.Name, g.Group, s.Seed, s.Baseline!, s.Candidate!))).ToArray();

        return new ComparisonReport
        {
            SweepName = sweep.Plan.Name,
            SweepId = sweep.Plan.SweepId,
            Runs = runs.Select(RunRowOf).ToArray(),
            Columns = columns.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            Accuracy = AccuracyRows(runs, pairs, columns, options),
            Speedups = pairs.SelectMany(g => SpeedupRows(g, options)).ToArray(),
            Fairness = fairness,
            Pairs = pairs,
            Options = options,
        };
    }

    /// <summary>The last eval value of a run in a column, or NaN.</summary>
    public static double FinalAccuracy(RunRecord run, string column)
    {
        var curve = EvalCurves.Build(run.Metrics, column, CostAxis.Steps);
        return curve.IsEmpty ? double.NaN : curve.Y[^1];
    }

    private static RunRow RunRowOf(RunRecord r) => new(r.RunId, r.Planned.Name, r.Algorithm.ToDisplay(), r.Seed,
        GroupKey.Of(r.Planned.Cell), r.State, r.Complete, EvalCurves.EvalSteps(r.Metrics).Length, FinalAccuracy(r, Benchmarks.Average));

    private static AccuracyRow[] AccuracyRows(RunRecord[] runs, IReadOnlyList<PairGroup> pairs,
        Dictionary<string, IReadOnlyList<string>> columns, ReportOptions options)
    {
        var rows = new List<AccuracyRow>();
        foreach (var byGroup in runs.GroupBy(r => GroupKey.Of(r.Planned.Cell)))
        {
            foreach (var byAlg in byGroup.GroupBy(r => r.Algorithm).OrderBy(g => g.Key))
            {
                var pair = pairs.FirstOrDefault(p => p.Group == byGroup.Key && p.Candidate == byAlg.Key);
                foreach (var column in columns[byGroup.Key])
                {
                    var finals = byAlg.Where(r => r.Complete).Select(r => FinalAccuracy(r, column)).Where(double.IsFinite).ToArray();
                    var row = new AccuracyRow
                    {
                        Group = byGroup.Key,
                        Algorithm = byAlg.Key.ToDisplay(),
                        Benchmark = column,
                        Runs = finals.Length,
                        IncompleteRuns = byAlg.Count(r => !r.Complete),
                        FinalMean = Bootstrap.Mean(finals),
                        FinalStd = Bootstrap.StdDev(finals),
                    };
                    rows.Add(pair is null ? row : WithPairedDifference(row, pair, column, options));
                }
            }
        }
        return rows.ToArray();
    }

    private static AccuracyRow WithPairedDifference(AccuracyRow row, PairGroup pair, string column, ReportOptions options)
    {
        var diffs = pair.Seeds.Where(s => s.Complete)
            .Select(s => FinalAccuracy(s.Candidate!, column) - FinalAccuracy(s.Baseline!, column))
            .Where(double.IsFinite).ToArray();
        var (low, high) = Bootstrap.Interval(diffs, Bootstrap.Mean, options.BootstrapResamples, options.BootstrapSeed, options.ConfidenceLevel);
        return row with
        {
            PairedWith = pair.Baseline.ToDisplay(),
            PairedSeeds = diffs.Length,
            PairedDiffMean = Bootstrap.Mean(diffs),
            PairedDiffLow = low,
            PairedDiffHigh = high,
        };
    }

    /// <summary>S_X per cost axis and fraction for one pair across its complete seeds.</summary>
    public static IEnumerable<SpeedupRow> SpeedupRows(PairGroup pair, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(options);
        var seeds = pair.Seeds.Where(s => s.Complete).ToArray();
        foreach (var axis in CostAxes.All)
        {
            var curves = seeds.Select(s => (
                B: EvalCurves.Build(s.Baseline!.Metrics, Benchmarks.Average, axis),
                C: EvalCurves.Build(s.Candidate!.Metrics, Benchmarks.Average, axis))).ToArray();
            foreach (var fraction in options.Fractions)
                yield return SpeedupRowOf(pair, axis, fraction, curves, pair.Seeds.Count - seeds.Length, options);
        }
    }

    private static SpeedupRow SpeedupRowOf(PairGroup pair, CostAxis axis, double fraction, (Curve B, Curve C)[] curves,
        int incompleteSeeds, ReportOptions options)
    {
        var notes = new List<string>();
        if (incompleteSeeds > 0) notes.Add($"{incompleteSeeds} seed(s) incomplete, left out");
        var speedups = new List<Speedup>();
        var targets = new List<double>();
        var tb = new List<double>();
        var tc = new List<double>();
        var budgets = new List<double>();
        var baseFinals = new List<double>();
        var atBudget = new List<double>();
        var notLogged = 0;
        var noGain = 0;
        foreach (var (b, c) in curves)
        {
            if (b.IsEmpty || c.IsEmpty) { notLogged++; continue; }
            budgets.Add(b.X[^1]);
            baseFinals.Add(b.Y[^1]);
            atBudget.Add(ConvergenceMath.ValueAt(c.X, c.Y, b.X[^1]).Value);
            if (b.Y[^1] <= b.Y[0]) { noGain++; continue; }
            var target = ConvergenceMath.Target(b.Y[0], b.Y[^1], fraction);
            var cb = ConvergenceMath.FirstCrossing(b.X, b.Y, target);
            var cc = ConvergenceMath.FirstCrossing(c.X, c.Y, target);
            targets.Add(target);
            tb.Add(cb.Bound);
            tc.Add(cc.Bound);
            speedups.Add(Speedup.From(cb, cc));
        }
        if (notLogged > 0) notes.Add($"{axis.MetricKey() ?? "step"} not logged in {notLogged} seed(s)");
        if (noGain > 0) notes.Add($"baseline did not improve in {noGain} seed(s): no target");
        var defined = speedups.Where(s => s.Bound != SpeedupBound.Undefined).ToArray();
        var censored = defined.Count(s => s.Bound != SpeedupBound.Exact);
        if (speedups.Count > defined.Length) notes.Add($"{speedups.Count - defined.Length} seed(s) where neither run reached the target");
        if (censored > 0) notes.Add($"{censored} censored seed(s) enter at t_max");
        var values = defined.Select(s => s.Value).ToArray();
        var (low, high) = Bootstrap.Interval(values, Bootstrap.Median, options.BootstrapResamples, options.BootstrapSeed, options.ConfidenceLevel);
        return new SpeedupRow
        {
            Pair = pair.Name,
            Group = pair.Group,
            Baseline = pair.Baseline.ToDisplay(),
            Candidate = pair.Candidate.ToDisplay(),
            Axis = axis.ToName(),
            Fraction = fraction,
            Seeds = defined.Length,
            CensoredSeeds = censored,
            TargetMean = Bootstrap.Mean(targets),
            BaselineTimeMedian = Bootstrap.Median(tb),
            CandidateTimeMedian = Bootstrap.Median(tc),
            SpeedupMedian = Bootstrap.Median(values),
            SpeedupLow = low,
            SpeedupHigh = high,
            Bound = BoundName(Speedup.Combine(defined.Select(s => s.Bound))),
            BaselineBudget = Bootstrap.Median(budgets),
            BaselineFinalMean = Bootstrap.Mean(baseFinals),
            CandidateAtBudgetMean = Bootstrap.Mean(atBudget),
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
}
