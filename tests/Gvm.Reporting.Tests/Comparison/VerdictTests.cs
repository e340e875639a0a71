using Gvm.Core.Runs;
using Gvm.Reporting.Comparison;
using Gvm.Reporting.Output;

namespace Gvm.Reporting.Tests.Comparison;

public class VerdictTests
{
    [Fact]
    public void Decision_rule_on_the_auc_interval()
    {
        Assert.Equal(VerdictOutcome.NoData, VerdictRule.Decide(0, double.NaN, double.NaN));
        Assert.Equal(VerdictOutcome.NoVerdict, VerdictRule.Decide(1, double.NaN, double.NaN));
        Assert.Equal(VerdictOutcome.CandidateFaster, VerdictRule.Decide(3, 0.001, 0.02));
        Assert.Equal(VerdictOutcome.CandidateSlower, VerdictRule.Decide(3, -0.02, -0.001));
        Assert.Equal(VerdictOutcome.NoDifference, VerdictRule.Decide(3, -0.01, 0.02));
        // An interval touching 0 does not lie above it.
        Assert.Equal(VerdictOutcome.NoDifference, VerdictRule.Decide(5, 0, 0.02));
    }

    private static readonly PairGroup Pair = new("RAFT++ vs GVM-RAFT++", "all", Algorithm.RaftPlusPlus, Algorithm.GvmRaftPlusPlus, []);

    private static PairVerdict Verdict(VerdictOutcome outcome, PairedRow auc, SpeedupRow? s08 = null) => new()
    {
        Pair = Pair,
        Outcome = outcome,
        Seeds = auc.N,
        AucSteps = auc,
        AucTokens = auc with { Metric = Protocol.AucTokens },
        Final = auc with { Metric = Protocol.FinalAccuracy },
        Speedups = s08 is null ? [] : [s08],
        Noise = new EvalNoiseInfo(0.36, 800, "task.levels × eval.per_level", 0.017),
    };

    [Fact]
    public void One_seed_says_no_interval_and_never_a_zero_width_one()
    {
        var auc = new PairedRow { Metric = Protocol.AucSteps, N = 1, Mean = 0.012, SignN = 1, SignPositive = 1, SignP = 0.5, WilcoxonN = 1, WilcoxonP = 0.5 };
        var v = Verdict(VerdictOutcome.NoVerdict, auc);
        var text = VerdictText.Headline(v) + string.Join("\n", VerdictText.Secondary(v));
        Assert.StartsWith("n = 1: no verdict", VerdictText.Headline(v));
        Assert.Contains("+0.012 (n = 1, no interval; sign p = 0.500, Wilcoxon p = 0.500)", text);
        Assert.DoesNotContain("±", text);
        Assert.DoesNotContain("[+0.012, +0.012]", text);
        Assert.Equal("n = 0", Numbers.Interval(0, double.NaN, double.NaN, double.NaN, Numbers.Acc));
    }

    [Fact]
    public void No_difference_names_the_largest_speedup_not_excluded()
    {
        var auc = new PairedRow { Metric = Protocol.AucSteps, N = 3, Mean = 0.004, Low = -0.01, High = 0.018, SignN = 3, SignPositive = 2, SignP = 0.5, WilcoxonN = 3, WilcoxonP = 0.375 };
        var s08 = new SpeedupRow { Axis = "steps", Fraction = 0.8, Seeds = 3, SpeedupGeoMean = 1.05, SpeedupLow = 0.78, SpeedupHigh = 1.3, Bound = "exact" };
        var headline = VerdictText.Headline(Verdict(VerdictOutcome.NoDifference, auc, s08));
        Assert.StartsWith("no difference detected at n = 3: ΔAUC(steps) = +0.004 [-0.010, +0.018] (n = 3; sign p = 0.500, Wilcoxon p = 0.375) contains 0", headline);
        Assert.Contains("the largest S_0.8(steps) the data do not exclude is 1.30×", headline);
        Assert.Contains("a 1.5× speedup is excluded at 95% (upper bound 1.30×)", headline);
    }

    [Theory]
    [InlineData(1.9, "a 2× speedup is excluded at 95% (upper bound 1.90×)")]
    [InlineData(0.8, "even parity (1×) is excluded at 95%: the candidate is slower (upper bound 0.80×)")]
    [InlineData(6.2, "no speedup up to 4× is excluded at n = 3 (upper bound 6.20×)")]
    public void Exclusion_wording(double upper, string expected)
    {
        var r = new SpeedupRow { Seeds = 3, SpeedupGeoMean = Math.Min(upper, 0.9), SpeedupLow = 0.5, SpeedupHigh = upper, Bound = "exact" };
        Assert.Equal(expected, VerdictText.Exclusion(r, 0.95));
    }

    [Fact]
    public void No_exclusion_when_faster_too_few_seeds_or_the_baseline_is_censored()
    {
        var r = new SpeedupRow { Seeds = 3, SpeedupGeoMean = 2, SpeedupLow = 1.2, SpeedupHigh = 3, Bound = "exact" };
        Assert.Null(VerdictText.Exclusion(r, 0.95));
        Assert.Null(VerdictText.Exclusion(r with { Seeds = 1, SpeedupLow = double.NaN, SpeedupHigh = double.NaN }, 0.95));
        Assert.Null(VerdictText.Exclusion(r with { SpeedupLow = 0.9, Bound = "lower_bound" }, 0.95));
        Assert.Equal("≤ 1.20× [0.90, 1.60] (n = 3, 1 censored)",
            VerdictText.Speedup(new SpeedupRow { Seeds = 3, CensoredSeeds = 1, SpeedupGeoMean = 1.2, SpeedupLow = 0.9, SpeedupHigh = 1.6, Bound = "upper_bound" }));
    }

    [Fact]
    public void Tests_that_dropped_zero_differences_name_their_own_n()
    {
        var r = new PairedRow { N = 3, Mean = 0.01, Low = -0.02, High = 0.04, SignN = 2, SignPositive = 2, SignP = 0.25, WilcoxonN = 2, WilcoxonP = 0.25 };
        Assert.Equal("+0.010 [-0.020, +0.040] (n = 3; sign p = 0.250 (n = 2), Wilcoxon p = 0.250 (n = 2))", VerdictText.Paired(r));
        Assert.Equal("+0.010 [-0.020, +0.040] (n = 3; sign p = 0.250, Wilcoxon p = 0.250)", VerdictText.Paired(r with { SignN = 3, WilcoxonN = 3 }));
    }
}
