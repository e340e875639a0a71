using Gvm.Reporting.Comparison;
using Gvm.Reporting.Curves;
using static Gvm.Reporting.Output.Numbers;

namespace Gvm.Reporting.Output;

/// <summary>The wording of verdicts, paired statistics and speedups, shared by comparison.md/html and the terminal.</summary>
public static class VerdictText
{
    /// <summary>Speedups the exclusion sentence picks from: the smallest one above the upper bound is named.</summary>
    private static readonly double[] Ladder = [1.5, 2, 3, 4];

    /// <summary>The verdict in one sentence (the decision rule of docs/reports.md applied to ΔAUC(steps)).</summary>
    public static string Headline(PairVerdict v)
    {
        ArgumentNullException.ThrowIfNull(v);
        var auc = $"ΔAUC(steps) = {Paired(v.AucSteps)}";
        return v.Outcome switch
        {
            VerdictOutcome.NoData => "n = 0: no seed has both runs complete, no verdict",
            VerdictOutcome.NoVerdict => $"n = 1: no verdict ({auc})",
            VerdictOutcome.CandidateFaster => $"{v.CandidateLabel} faster: {auc} lies above 0",
            VerdictOutcome.CandidateSlower => $"{v.CandidateLabel} slower: {auc} lies below 0",
            VerdictOutcome.NoDifference => $"no difference detected at n = {v.Seeds}: {auc} contains 0; {LargestNotExcluded(v)}",
            _ => throw new ArgumentOutOfRangeException(nameof(v), v.Outcome, "unknown verdict"),
        };
    }

    /// <summary>The short verdict label for tables: "GVM faster", "no difference (n = 3)", "n = 1: no verdict".</summary>
    public static string Label(PairVerdict v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return v.Outcome switch
        {
            VerdictOutcome.NoData => "n = 0: no verdict",
            VerdictOutcome.NoVerdict => "n = 1: no verdict",
            VerdictOutcome.CandidateFaster => $"{v.CandidateLabel} faster (n = {v.Seeds})",
            VerdictOutcome.CandidateSlower => $"{v.CandidateLabel} slower (n = {v.Seeds})",
            VerdictOutcome.NoDifference => $"no difference detected at n = {v.Seeds}",
            _ => throw new ArgumentOutOfRangeException(nameof(v), v.Outcome, "unknown verdict"),
        };
    }

    /// <summary>The secondary numbers of a verdict, one line each.</summary>
    public static IReadOnlyList<string> Secondary(PairVerdict v)
    {
        ArgumentNullException.ThrowIfNull(v);
        var lines = new List<string>
        {
            $"ΔAUC(tokens) = {Paired(v.AucTokens)}",
            $"Δ final accuracy = {Paired(v.Final)}",
        };
        foreach (var axis in Protocol.Axes)
        {
            var cells = Protocol.Fractions.Select(x => $"S_{Num(x)} {Relation(v.Speedup(axis, x) is { } r ? Speedup(r) : "n/a")}");
            lines.Add($"{axis.ToLabel()}: {string.Join("; ", cells)}");
        }
        lines.Add($"one evaluation's standard error: {Noise(v.Noise)}");
        return lines;
    }

    /// <summary>"+0.012 [-0.004, +0.028] (n = 3; sign p = 0.125, Wilcoxon p = 0.125)"; n = 1 and n = 0 as such.</summary>
    public static string Paired(PairedRow r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var interval = Numbers.Interval(r.N, r.Mean, r.Low, r.High, Signed);
        // The tests drop zero differences: their n is named when it is smaller than the interval's.
        string N(int n) => n == r.N ? "" : $" (n = {n})";
        return r.N < 1 ? interval : interval.TrimEnd(')') + $"; sign p = {P(r.SignP)}{N(r.SignN)}, Wilcoxon p = {P(r.WilcoxonP)}{N(r.WilcoxonN)})";
    }

    /// <summary>"1.20× [0.90, 1.60] (n = 3)", with "≤"/"≥" and the censored count when seeds are bounds.</summary>
    public static string Speedup(SpeedupRow r)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (r.Seeds == 0 || double.IsNaN(r.SpeedupGeoMean)) return "n/a";
        var prefix = r.Bound switch { "lower_bound" => "≥ ", "upper_bound" => "≤ ", _ => "" };
        var censored = r.CensoredSeeds > 0 ? $", {r.CensoredSeeds} censored" : "";
        if (r.Seeds == 1 || double.IsNaN(r.SpeedupLow) || double.IsNaN(r.SpeedupHigh))
            return $"{prefix}{Ratio(r.SpeedupGeoMean)} (n = {r.Seeds}, no interval{censored})";
        return $"{prefix}{Ratio(r.SpeedupGeoMean)} [{Plain(r.SpeedupLow)}, {Plain(r.SpeedupHigh)}] (n = {r.Seeds}{censored})";
    }

    /// <summary>
    /// Where the candidate is not shown faster (the interval does not lie above 1): the largest speedup the data allow,
    /// worded "a 2× speedup is excluded at 95% (upper bound 1.30×)". Null when there is no usable upper bound (fewer than
    /// two seeds, censored baselines, or a candidate shown faster).
    /// </summary>
    public static string? Exclusion(SpeedupRow r, double level)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (r.Seeds < 2 || double.IsNaN(r.SpeedupHigh) || r.Bound is "lower_bound" or "undefined" || r.SpeedupLow > 1) return null;
        var upper = r.SpeedupHigh;
        if (upper < 1) return $"even parity (1×) is excluded at {Pct(level)}: the candidate is slower (upper bound {Ratio(upper)})";
        var named = Ladder.FirstOrDefault(s => s > upper);
        return named > 0
            ? $"a {Num(named)}× speedup is excluded at {Pct(level)} (upper bound {Ratio(upper)})"
            : $"no speedup up to {Num(Ladder[^1])}× is excluded at n = {r.Seeds} (upper bound {Ratio(upper)})";
    }

    /// <summary>The clause of a "no difference" verdict on S_0.8(steps).</summary>
    private static string LargestNotExcluded(PairVerdict v)
    {
        var x = Protocol.VerdictFraction;
        var name = $"S_{Num(x)}(steps)";
        if (v.Speedup(CostAxis.Steps, x) is not { } r || r.Seeds == 0) return $"{name}: n/a (no target reached)";
        if (!r.HasUpperLimit()) return $"{name} = {Speedup(r)}: no upper bound";
        var censored = r.CensoredSeeds > 0 ? $", {r.CensoredSeeds} censored seed(s) at their bound" : "";
        var exclusion = Exclusion(r, v.Level);
        return $"the largest {name} the data do not exclude is {Ratio(r.SpeedupHigh)} (geometric mean {Ratio(r.SpeedupGeoMean)}{censored})"
            + (exclusion is null ? "" : $"; {exclusion}");
    }

    /// <summary>"= 1.20× …", or the bound as written ("≤ 0.43× …") so that no "= ≤" appears.</summary>
    private static string Relation(string speedup) => speedup.StartsWith('≤') || speedup.StartsWith('≥') ? speedup : "= " + speedup;

    private static string Plain(double ratio) => double.IsPositiveInfinity(ratio) ? "∞" : ratio.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    private static bool HasUpperLimit(this SpeedupRow r) => r.Seeds >= 2 && !double.IsNaN(r.SpeedupHigh) && r.Bound is "exact" or "upper_bound";

    /// <summary>"0.017 (√(a(1 − a)/m) at a = 0.360, m = 800 from task.levels × eval.per_level)" or "unknown (...)".</summary>
    public static string Noise(EvalNoiseInfo n)
    {
        ArgumentNullException.ThrowIfNull(n);
        if (n.Problems is null) return "unknown (no eval/problems metric, and the task is not the built-in arith task)";
        if (double.IsNaN(n.StdError)) return $"– (m = {n.Problems} from {n.Source}; no final accuracy)";
        return $"{Acc(n.StdError)} (√(a(1 − a)/m) at a = {Acc(n.Accuracy)}, m = {n.Problems} from {n.Source})";
    }
}
