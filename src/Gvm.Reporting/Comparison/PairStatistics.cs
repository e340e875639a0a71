using Gvm.Reporting.Convergence;
using Gvm.Reporting.Curves;
using Gvm.Reporting.Statistics;

namespace Gvm.Reporting.Comparison;

/// <summary>Paired statistics of one declared pair: per-seed AUC on the protocol's axes and paired rows with their tests.</summary>
public static class PairStatistics
{
    /// <summary>AUC rows of every complete seed of a pair on each protocol axis.</summary>
    public static IEnumerable<AucRow> AucRows(PairGroup pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        foreach (var seed in pair.Seeds.Where(s => s.Complete))
            foreach (var axis in Protocol.Axes)
                yield return AucRowOf(pair, seed.Seed, axis,
                    EvalCurves.Build(seed.Baseline!.Metrics, Benchmarks.Average, axis),
                    EvalCurves.Build(seed.Candidate!.Metrics, Benchmarks.Average, axis));
    }

    /// <summary>Both runs' mean accuracy over the cost range both cover (<see cref="AreaUnderCurve"/>), and their difference.</summary>
    public static AucRow AucRowOf(PairGroup pair, int seed, CostAxis axis, Curve baseline, Curve candidate)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        var row = new AucRow { Pair = pair.Name, Group = pair.Group, Seed = seed, Axis = axis.ToName() };
        if (baseline.IsEmpty || candidate.IsEmpty)
            return row with { Note = $"{axis.MetricKey() ?? "eval"} not logged by the {(baseline.IsEmpty ? "baseline" : "candidate")}" };
        var (from, to) = AreaUnderCurve.CommonRange(baseline.X, candidate.X);
        if (double.IsNaN(from)) return row with { Note = "the runs share no cost range with two evals" };
        var b = AreaUnderCurve.MeanOver(baseline.X, baseline.Y, from, to);
        var c = AreaUnderCurve.MeanOver(candidate.X, candidate.Y, from, to);
        return row with { From = from, To = to, BaselineAuc = b, CandidateAuc = c, Delta = c - b };
    }

    /// <summary>One paired metric: the paired t interval of the mean difference, the exact sign and Wilcoxon tests.</summary>
    public static PairedRow Paired(PairGroup pair, string metric, IReadOnlyList<double> differences, double level)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(differences);
        var d = differences.Where(double.IsFinite).ToArray();
        var t = PairedT.Of(d, level);
        var sign = SignTest.Greater(d);
        var wilcoxon = WilcoxonSignedRank.Greater(d);
        return new PairedRow
        {
            Pair = pair.Name, Group = pair.Group, Metric = metric,
            N = t.N, Mean = t.Mean, StdDev = t.StdDev, Low = t.Low, High = t.High,
            SignN = sign.N, SignPositive = sign.N == 0 ? 0 : (int)sign.Statistic, SignP = sign.P,
            WilcoxonN = wilcoxon.N, WilcoxonWPlus = wilcoxon.Statistic, WilcoxonP = wilcoxon.P,
        };
    }

    /// <summary>The paired rows of a pair: ΔAUC on each protocol axis and Δ final accuracy (average column).</summary>
    public static IEnumerable<PairedRow> PairedRows(PairGroup pair, IReadOnlyList<AucRow> auc, double level)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(auc);
        foreach (var axis in Protocol.Axes)
        {
            var diffs = auc.Where(r => r.Pair == pair.Name && r.Group == pair.Group && r.Axis == axis.ToName()).Select(r => r.Delta).ToArray();
            yield return Paired(pair, Protocol.AucMetric(axis), diffs, level);
        }
        yield return Paired(pair, Protocol.FinalAccuracy, FinalDifferences(pair, Benchmarks.Average), level);
    }

    /// <summary>Candidate final − baseline final per complete seed in one benchmark column (seeds missing the column left out).</summary>
    public static double[] FinalDifferences(PairGroup pair, string column)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return pair.Seeds.Where(s => s.Complete)
            .Select(s => ComparisonBuilder.FinalAccuracy(s.Candidate!, column) - ComparisonBuilder.FinalAccuracy(s.Baseline!, column))
            .Where(double.IsFinite).ToArray();
    }
}
