using Gvm.Core.Runs;
using Gvm.Reporting.Comparison;
using Gvm.Reporting.Curves;
using Gvm.Reporting.Tests.Synthetic;

namespace Gvm.Reporting.Tests.Comparison;

/// <summary>The report's learning rows: each arm's gain over its first evaluation and its change over the last quarter.</summary>
public sealed class LearningTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("gvm-learning-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void One_curve_gain_and_last_quarter_change_interpolate_between_evaluations()
    {
        // Evaluations at 0, 40, 80, 100: the last quarter starts at 75, between 40 (0.5) and 80 (0.6): 0.5 + 35/40·0.1.
        var (gain, change, from, to) = Learning.Of(new Curve([0, 40, 80, 100], [0.4, 0.5, 0.6, 0.65]));
        Assert.Equal(0.25, gain, 12);
        Assert.Equal(0.65 - (0.5 + 35.0 / 40 * 0.1), change, 12);
        Assert.Equal((75.0, 100.0), (from, to));
    }

    [Fact]
    public void A_curve_with_one_evaluation_has_no_gain()
    {
        var (gain, change, _, _) = Learning.Of(new Curve([0], [0.4]));
        Assert.True(double.IsNaN(gain) && double.IsNaN(change));
    }

    [Fact]
    public async Task The_report_gives_both_arms_with_t_intervals_and_writes_learning_csv()
    {
        // 3 seeds; baseline f(step) evaluated every 4 steps, candidate f(2·step) every 2 steps, 40 steps each.
        var runs = Enumerable.Range(1, 3).SelectMany(s => new[]
        {
            new SyntheticRun($"b{s}", Algorithm.RaftPlusPlus, s, CurveShape.Baseline),
            new SyntheticRun($"c{s}", Algorithm.GvmRaftPlusPlus, s, CurveShape.Compressed2x),
        }).ToArray();
        SyntheticSweep.Write(_dir.FullName, runs, [(0, 1), (2, 3), (4, 5)]);
        var report = (await SweepReporter.RunAsync(_dir.FullName, new ReportOptions { Plots = false })).Report;

        var baseline = report.Learning.Single(r => r.Arm == "baseline");
        var candidate = report.Learning.Single(r => r.Arm == "candidate");
        Assert.Equal(("RAFT++", 3, "GVM-RAFT++", 3), (baseline.Algorithm, baseline.N, candidate.Algorithm, candidate.N));
        // By hand: the last quarter of 40 steps starts at step 30; the baseline has evaluations at 28 and 32 there.
        static double F(double step, int seed) => SyntheticSweep.F(step, seed);
        var baselineChange = Enumerable.Range(1, 3).Select(s => F(40, s) - (F(28, s) + F(32, s)) / 2).Average();
        var candidateGain = Enumerable.Range(1, 3).Select(s => F(80, s) - F(0, s)).Average();
        Assert.Equal(Enumerable.Range(1, 3).Select(s => F(40, s) - F(0, s)).Average(), baseline.GainMean, 12);
        Assert.Equal(baselineChange, baseline.ChangeMean, 12);
        Assert.Equal(candidateGain, candidate.GainMean, 12);
        Assert.Equal(Enumerable.Range(1, 3).Select(s => F(80, s) - F(60, s)).Average(), candidate.ChangeMean, 12);
        Assert.True(baseline.GainLow < baseline.GainMean && baseline.GainMean < baseline.GainHigh);
        Assert.Equal((30.0, 40.0), (baseline.QuarterFrom, baseline.QuarterTo));

        var md = await File.ReadAllTextAsync(Path.Combine(_dir.FullName, "comparison.md"));
        Assert.Contains("### Learning", md);
        Assert.Contains($"| RAFT++ | 3 | {baseline.GainMean:+0.000} [", md);
        Assert.Contains("| steps 30 → 40 |", md);
        var csv = await File.ReadAllLinesAsync(Path.Combine(_dir.FullName, "learning.csv"));
        Assert.Equal("pair,group,arm,algorithm,n,gain_mean,gain_ci_low,gain_ci_high,quarter_from,quarter_to,quarter_change_mean," +
            "quarter_change_ci_low,quarter_change_ci_high", csv[0]);
        Assert.Equal(3, csv.Length);
        Assert.StartsWith("RAFT++ vs GVM-RAFT++,model=tiny,baseline,RAFT++,3,", csv[1], StringComparison.Ordinal);
    }
}
