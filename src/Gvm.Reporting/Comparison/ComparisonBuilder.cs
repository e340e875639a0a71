using Gvm.Core.Runs;
using Gvm.Core.Sweeps;
using Gvm.Reporting.Curves;
using Gvm.Reporting.Fairness;
using Gvm.Reporting.Inputs;
using Gvm.Reporting.Statistics;

namespace Gvm.Reporting.Comparison;

/// <summary>Builds the comparison of a sweep: accuracy table, AUC and paired tests, speedups per pair and axis, verdicts, fairness checks.</summary>
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

        var fractions = options.Fractions.Union(Protocol.Fractions).Order().ToArray();
        var level = options.ConfidenceLevel;
        var crossings = pairs.SelectMany(g => SpeedupTables.CrossingRows(g, fractions)).ToArray();
        var speedups = pairs.SelectMany(g => SpeedupTables.SpeedupRows(g, crossings, fractions, level)).ToArray();
        var auc = pairs.SelectMany(PairStatistics.AucRows).ToArray();
        var paired = pairs.SelectMany(g => PairStatistics.PairedRows(g, auc, level)).ToArray();
        return new ComparisonReport
        {
            SweepName = sweep.Plan.Name,
            SweepId = sweep.Plan.SweepId,
            Runs = runs.Select(r => RunRowOf(r, sweep)).ToArray(),
            Columns = columns.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            Accuracy = AccuracyRows(runs, sweep, pairs, columns, level),
            Crossings = crossings,
            Speedups = speedups,
            Auc = auc,
            Paired = paired,
            Learning = pairs.SelectMany(g => Learning.Rows(g, level)).ToArray(),
            Verdicts = pairs.Select(g => VerdictRule.Of(g, paired, speedups, level)).ToArray(),
            Fractions = fractions,
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
        r.Ledger?.Attempts, r.Ledger?.ExitCode, r.Failed, r.FailureReason,
        Path.Combine(SweepLayout.RunDir(sweep.Directory, r.RunId), RunFiles.Log));

    private static AccuracyRow[] AccuracyRows(RunRecord[] runs, SweepData sweep, IReadOnlyList<PairGroup> pairs,
        Dictionary<string, IReadOnlyList<string>> columns, double level)
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
                    var t = PairedT.Of(finals, level);
                    var row = new AccuracyRow
                    {
                        Group = byGroup.Key,
                        Algorithm = byAlg.Key.Item1.Label,
                        Benchmark = column,
                        Runs = finals.Length,
                        IncompleteRuns = byAlg.Count(r => !r.Complete),
                        FinalMean = t.Mean,
                        FinalStd = t.StdDev,
                        FinalLow = t.Low,
                        FinalHigh = t.High,
                    };
                    rows.Add(pair is null ? row : WithPairedDifference(row, pair, column, level));
                }
            }
        }
        return rows.ToArray();
    }

    private static AccuracyRow WithPairedDifference(AccuracyRow row, PairGroup pair, string column, double level)
    {
        var paired = PairStatistics.Paired(pair, Protocol.FinalAccuracy, PairStatistics.FinalDifferences(pair, column), level);
        return row with
        {
            PairedWith = pair.BaselineName,
            PairedSeeds = paired.N,
            PairedDiffMean = paired.Mean,
            PairedDiffLow = paired.Low,
            PairedDiffHigh = paired.High,
            SignP = paired.SignP,
            WilcoxonP = paired.WilcoxonP,
        };
    }
}
