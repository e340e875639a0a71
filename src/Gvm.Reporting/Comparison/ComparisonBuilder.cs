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

        var crossings = pairs.SelectMany(g => CrossingRows(g, options)).ToArray();
        return new ComparisonReport
        {
            SweepName = sweep.Plan.Name,
            SweepId = sweep.Plan.SweepId,
            Runs = runs.Select(r => RunRowOf(r, sweep)).ToArray(),
            Columns = columns.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            Accuracy = AccuracyRows(runs, sweep, pairs, columns, options),
            Crossings = crossings,
            Speedups = pairs.SelectMany(g => SpeedupRows(g, crossings, options)).ToArray(),
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

    /// <summary>
    /// The algorithm a run stands for: its own, or for an eval-stage run (algorithm eval) the algorithm of the run whose
    /// checkpoint it evaluated (its last need), with the stage as a label: "GVM-GRPO (eval)".
    /// </summary>
    public static (Algorithm Algorithm, string Label) Evaluated(RunRecord run, SweepData sweep)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(sweep);
        if (run.Algorithm != Algorithm.Eval) return (run.Algorithm, run.Algorithm.ToDisplay());
        var source = run.Planned.Needs.Count > 0 ? sweep.Find(run.Planned.Needs[^1]) : null;
        return source is null || source.Algorithm == Algorithm.Eval
            ? (Algorithm.Eval, $"{Algorithm.Eval.ToDisplay()} ({run.Planned.Stage})")
            : (source.Algorithm, $"{source.Algorithm.ToDisplay()} ({run.Planned.Stage})");
    }

    private static RunRow RunRowOf(RunRecord r, SweepData sweep) => new(r.RunId, r.Planned.Name, Evaluated(r, sweep).Label, r.Seed,
        GroupKey.Of(r.Planned.Cell), r.State, r.Complete, EvalCurves.EvalSteps(r.Metrics).Length, FinalAccuracy(r, Benchmarks.Average),
        r.Ledger?.Attempts, r.Ledger?.ExitCode);

    private static AccuracyRow[] AccuracyRows(RunRecord[] runs, SweepData sweep, IReadOnlyList<PairGroup> pairs,
        Dictionary<string, IReadOnlyList<string>> columns, ReportOptions options)
    {
        var rows = new List<AccuracyRow>();
        foreach (var byGroup in runs.GroupBy(r => GroupKey.Of(r.Planned.Cell)))
        {
            // Training runs by algorithm, then the eval-stage rows of the same algorithms (paired differences: training runs).
            foreach (var byAlg in byGroup.GroupBy(r => (Evaluated(r, sweep), IsEval: r.Algorithm == Algorithm.Eval))
                         .OrderBy(g => g.Key.IsEval).ThenBy(g => g.Key.Item1.Algorithm))
            {
                var pair = byAlg.Key.IsEval ? null : pairs.FirstOrDefault(p => p.Group == byGroup.Key && p.Candidate == byAlg.Key.Item1.Algorithm);
                foreach (var column in columns[byGroup.Key])
                {
                    var finals = byAlg.Where(r => r.Complete).Select(r => FinalAccuracy(r, column)).Where(double.IsFinite).ToArray();
                    var row = new AccuracyRow
                    {
                        Group = byGroup.Key,
                        Algorithm = byAlg.Key.Item1.Label,
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

    /// <summary>Crossing times of every complete seed of a pair, per cost axis and fraction X.</summary>
    public static IEnumerable<CrossingRow> CrossingRows(PairGroup pair, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var seed in pair.Seeds.Where(s => s.Complete))
        {
            foreach (var axis in CostAxes.All)
            {
                var b = EvalCurves.Build(seed.Baseline!.Metrics, Benchmarks.Average, axis);
                var c = EvalCurves.Build(seed.Candidate!.Metrics, Benchmarks.Average, axis);
                foreach (var fraction in options.Fractions)
                    yield return CrossingRowOf(pair, seed.Seed, axis, fraction, b, c);
            }
        }
    }

    /// <summary>One seed on one axis: targets from the baseline's first and last eval (paper-style gain normalisation).</summary>
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

    /// <summary>S_X per cost axis and fraction for one pair: median over seeds and its bootstrap interval.</summary>
    public static IEnumerable<SpeedupRow> SpeedupRows(PairGroup pair, IReadOnlyList<CrossingRow> crossings, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(crossings);
        ArgumentNullException.ThrowIfNull(options);
        var incomplete = pair.Seeds.Count(s => !s.Complete);
        foreach (var axis in CostAxes.All)
        {
            foreach (var fraction in options.Fractions)
            {
                var rows = crossings.Where(r => r.Pair == pair.Name && r.Group == pair.Group && r.Axis == axis.ToName() && r.Fraction == fraction).ToArray();
                yield return Aggregate(pair, axis, fraction, rows, incomplete, options);
            }
        }
    }

    private static SpeedupRow Aggregate(PairGroup pair, CostAxis axis, double fraction, CrossingRow[] rows, int incomplete, ReportOptions options)
    {
        var defined = rows.Where(r => r.Bound != "undefined" && double.IsFinite(r.Speedup)).ToArray();
        var withTarget = rows.Where(r => !double.IsNaN(r.Target)).ToArray();
        var censored = defined.Count(r => r.Bound != "exact");
        var notes = new List<string>();
        if (incomplete > 0) notes.Add($"{incomplete} seed(s) incomplete, left out");
        notes.AddRange(rows.Where(r => r.Note.Length > 0).GroupBy(r => r.Note).Select(g => $"{g.Key} ({g.Count()} seed(s))"));
        var neither = withTarget.Count(r => r.Bound == "undefined");
        if (neither > 0) notes.Add($"{neither} seed(s) with no speedup (neither run reached the target)");
        if (censored > 0) notes.Add($"{censored} censored seed(s) enter at t_max");
        var values = defined.Select(r => r.Speedup).ToArray();
        var (low, high) = Bootstrap.Interval(values, Bootstrap.Median, options.BootstrapResamples, options.BootstrapSeed, options.ConfidenceLevel);
        var bounds = defined.Select(r => r.BaselineCensored ? SpeedupBound.LowerBound : r.CandidateCensored ? SpeedupBound.UpperBound : SpeedupBound.Exact);
        var budgeted = rows.Where(r => !double.IsNaN(r.BaselineBudget)).ToArray();
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
            TargetMean = Bootstrap.Mean(withTarget.Select(r => r.Target).ToArray()),
            BaselineTimeMedian = Bootstrap.Median(withTarget.Select(r => r.BaselineT).ToArray()),
            CandidateTimeMedian = Bootstrap.Median(withTarget.Select(r => r.CandidateT).ToArray()),
            SpeedupMedian = Bootstrap.Median(values),
            SpeedupLow = low,
            SpeedupHigh = high,
            Bound = BoundName(Speedup.Combine(bounds)),
            BaselineBudget = Bootstrap.Median(budgeted.Select(r => r.BaselineBudget).ToArray()),
            BaselineFinalMean = Bootstrap.Mean(budgeted.Select(r => r.BaselineFinal).ToArray()),
            CandidateAtBudgetMean = Bootstrap.Mean(budgeted.Select(r => r.CandidateAtBudget).ToArray()),
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
