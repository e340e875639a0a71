using Gvm.Core.Runs;
using Gvm.Reporting.Curves;
using Gvm.Reporting.Inputs;
using Gvm.Reporting.Statistics;

namespace Gvm.Reporting.Comparison;

/// <summary>The decision of the protocol for one pair (docs/reports.md, "Decision rule").</summary>
public enum VerdictOutcome
{
    /// <summary>No seed has both runs complete.</summary>
    NoData,
    /// <summary>One complete pair: no interval, no verdict.</summary>
    NoVerdict,
    /// <summary>The 95% paired t interval of ΔAUC(steps) lies above 0.</summary>
    CandidateFaster,
    /// <summary>The interval lies below 0.</summary>
    CandidateSlower,
    /// <summary>The interval contains 0.</summary>
    NoDifference,
}

/// <summary>Standard error of one evaluation, √(a(1 − a)/m), and where m came from ("unknown" when it could not be found).</summary>
public sealed record EvalNoiseInfo(double Accuracy, int? Problems, string Source, double StdError);

/// <summary>The headline of one pair: the verdict and the numbers it rests on.</summary>
public sealed record PairVerdict
{
    public required PairGroup Pair { get; init; }
    public required VerdictOutcome Outcome { get; init; }
    /// <summary>Complete pairs with ΔAUC(steps) (the n of the verdict).</summary>
    public int Seeds { get; init; }
    public required PairedRow AucSteps { get; init; }
    public required PairedRow AucTokens { get; init; }
    public required PairedRow Final { get; init; }
    /// <summary>S_X at the protocol's fractions on the protocol's axes.</summary>
    public IReadOnlyList<SpeedupRow> Speedups { get; init; } = [];
    public required EvalNoiseInfo Noise { get; init; }
    public double Level { get; init; } = 0.95;

    /// <summary>"GVM" when the candidate is a GVM algorithm paired with its baseline, else the candidate arm's name
    /// (an ablation pair: e.g. "GVM-GRPO (presamples=4)").</summary>
    public string CandidateLabel => Pair.Candidate.UsesGvm() && !Pair.IsAblation ? "GVM" : Pair.CandidateName;

    public SpeedupRow? Speedup(CostAxis axis, double fraction) =>
        Speedups.FirstOrDefault(r => r.Axis == axis.ToName() && r.Fraction == fraction);
}

/// <summary>The protocol's decision rule and the headline of each pair.</summary>
public static class VerdictRule
{
    /// <summary>
    /// The decision rule on ΔAUC(steps) = candidate − baseline, paired by seed, with its t interval [low, high]:
    /// fewer than one pair, no data; one pair, no verdict; low &gt; 0, candidate faster; high &lt; 0, candidate slower;
    /// otherwise no difference detected at this n.
    /// </summary>
    public static VerdictOutcome Decide(int pairs, double low, double high) =>
        pairs < 1 ? VerdictOutcome.NoData
        : pairs < 2 || double.IsNaN(low) || double.IsNaN(high) ? VerdictOutcome.NoVerdict
        : low > 0 ? VerdictOutcome.CandidateFaster
        : high < 0 ? VerdictOutcome.CandidateSlower
        : VerdictOutcome.NoDifference;

    public static PairVerdict Of(PairGroup pair, IReadOnlyList<PairedRow> paired, IReadOnlyList<SpeedupRow> speedups, double level)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(paired);
        ArgumentNullException.ThrowIfNull(speedups);
        PairedRow Get(string metric) => paired.FirstOrDefault(r => r.Pair == pair.Name && r.Group == pair.Group && r.Metric == metric)
            ?? new PairedRow { Pair = pair.Name, Group = pair.Group, Metric = metric };
        var aucSteps = Get(Protocol.AucSteps);
        return new PairVerdict
        {
            Pair = pair,
            Outcome = Decide(aucSteps.N, aucSteps.Low, aucSteps.High),
            Seeds = aucSteps.N,
            AucSteps = aucSteps,
            AucTokens = Get(Protocol.AucTokens),
            Final = Get(Protocol.FinalAccuracy),
            Speedups = speedups.Where(r => r.Pair == pair.Name && r.Group == pair.Group
                && Protocol.Fractions.Contains(r.Fraction) && Protocol.Axes.Any(a => a.ToName() == r.Axis)).ToArray(),
            Noise = Noise(pair),
            Level = level,
        };
    }

    /// <summary>
    /// One evaluation's standard error at the baseline's mean final accuracy: m from the runs' eval/problems metric, else
    /// task.levels × eval.per_level for the built-in task (task.kind arith), else unknown.
    /// </summary>
    public static EvalNoiseInfo Noise(PairGroup pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var baselines = pair.Seeds.Where(s => s.Complete).Select(s => s.Baseline!).ToArray();
        var accuracy = Descriptive.Mean(baselines.Select(r => ComparisonBuilder.FinalAccuracy(r, Benchmarks.Average)).Where(double.IsFinite).ToArray());
        var logged = baselines.Select(r => EvalCurves.Final(r.Metrics, MetricNames.EvalProblems)).Where(v => v > 0).ToArray();
        if (logged.Length > 0)
        {
            var m = (int)Math.Round(logged.Average());
            return new EvalNoiseInfo(accuracy, m, MetricNames.EvalProblems, EvalNoise.StandardError(accuracy, m));
        }
        var spec = baselines.FirstOrDefault()?.Spec ?? pair.Seeds.Select(s => s.Baseline?.Spec).FirstOrDefault(s => s is not null);
        if (spec is { Task.Kind: "arith" })
        {
            var m = spec.Task.Levels * spec.Eval.PerLevel;
            return new EvalNoiseInfo(accuracy, m, "task.levels × eval.per_level", EvalNoise.StandardError(accuracy, m));
        }
        return new EvalNoiseInfo(accuracy, null, "unknown", double.NaN);
    }
}
