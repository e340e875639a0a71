using Gvm.Core.Runs;
using Gvm.Reporting.Comparison;
using Gvm.Reporting.Convergence;
using Gvm.Reporting.Inputs;
using Gvm.Reporting.Tests.Synthetic;

namespace Gvm.Reporting.Tests.Reports;

/// <summary>The headline, the paired statistics and the layout of comparison.md/html on synthetic sweeps with known answers.</summary>
public sealed class HeadlineReportTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("gvm-headline-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static IEnumerable<SyntheticRun> Seeds(Algorithm baseline, Algorithm candidate, CurveShape shape, int seeds, string prefix) =>
        Enumerable.Range(1, seeds).SelectMany(s => new[]
        {
            new SyntheticRun($"{prefix}b{s}", baseline, s, CurveShape.Baseline),
            new SyntheticRun($"{prefix}c{s}", candidate, s, shape),
        });

    private static (int, int)[] Pairs(int count) => Enumerable.Range(0, count).Select(i => (2 * i, 2 * i + 1)).ToArray();

    [Fact]
    public async Task Three_seeds_give_a_verdict_from_the_auc_interval()
    {
        // RAFT++ pair: the candidate is the baseline compressed 2× (faster on every seed).
        // GRPO pair: the candidate is ±0.01 around the baseline, alternating by seed (no consistent difference).
        var runs = Seeds(Algorithm.RaftPlusPlus, Algorithm.GvmRaftPlusPlus, CurveShape.Compressed2x, 3, "r")
            .Concat(Seeds(Algorithm.Grpo, Algorithm.GvmGrpo, CurveShape.Jittered, 3, "g")).ToArray();
        SyntheticSweep.Write(_dir.FullName, runs, Pairs(6));
        var report = (await SweepReporter.RunAsync(_dir.FullName, new ReportOptions { Plots = false })).Report;

        var faster = report.Verdicts.Single(v => v.Pair.Candidate == Algorithm.GvmRaftPlusPlus);
        Assert.Equal(VerdictOutcome.CandidateFaster, faster.Outcome);
        Assert.Equal(3, faster.Seeds);
        // ΔAUC(steps) of seed 1 by hand: both curves over [0, 40] (trapezoids over the eval points).
        double[] bx = [.. Enumerable.Range(0, 11).Select(i => 4.0 * i)], cx = [.. Enumerable.Range(0, 21).Select(i => 2.0 * i)];
        var expected = AreaUnderCurve.MeanOver(cx, cx.Select(x => SyntheticSweep.F(2 * x, 1)).ToArray(), 0, 40)
            - AreaUnderCurve.MeanOver(bx, bx.Select(x => SyntheticSweep.F(x, 1)).ToArray(), 0, 40);
        Assert.Equal(expected, report.Auc.Single(a => a.Seed == 1 && a.Axis == "steps" && a.Pair == faster.Pair.Name).Delta, 12);
        Assert.True(faster.AucSteps.Low > 0);
        Assert.Equal((3, 3, 0.125), (faster.AucSteps.SignN, faster.AucSteps.SignPositive, faster.AucSteps.SignP));
        Assert.Equal(0.125, faster.AucSteps.WilcoxonP, 12);

        var none = report.Verdicts.Single(v => v.Pair.Candidate == Algorithm.GvmGrpo);
        Assert.Equal(VerdictOutcome.NoDifference, none.Outcome);
        Assert.True(none.AucSteps.Low < 0 && none.AucSteps.High > 0);

        var md = await File.ReadAllTextAsync(Path.Combine(_dir.FullName, "comparison.md"));
        Assert.Contains("**RAFT++ vs GVM-RAFT++ (model=tiny): GVM faster: ΔAUC(steps) = +", md);
        Assert.Contains("**GRPO vs GVM-GRPO (model=tiny): no difference detected at n = 3: ΔAUC(steps) = ", md);
        Assert.Contains("the largest S_0.8(steps) the data do not exclude is", md);
        Assert.Contains("S_0.5 = 2.00× [2.00, 2.00] (n = 3)", md);
        var verdicts = await File.ReadAllLinesAsync(Path.Combine(_dir.FullName, "verdicts.csv"));
        Assert.Contains(verdicts, l => l.Contains(",3,candidate_faster,", StringComparison.Ordinal));
        Assert.Contains(verdicts, l => l.Contains(",3,no_difference,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_seed_gives_no_verdict_and_no_interval_anywhere()
    {
        SyntheticSweep.Write(_dir.FullName, Seeds(Algorithm.RaftPlusPlus, Algorithm.GvmRaftPlusPlus, CurveShape.Compressed2x, 1, "r").ToArray(), Pairs(1));
        var report = (await SweepReporter.RunAsync(_dir.FullName, new ReportOptions { Plots = false })).Report;
        Assert.Equal(VerdictOutcome.NoVerdict, report.Verdicts.Single().Outcome);
        var md = await File.ReadAllTextAsync(Path.Combine(_dir.FullName, "comparison.md"));
        Assert.Contains(": n = 1: no verdict", md);
        Assert.Contains("(n = 1, no interval)", md);
        Assert.DoesNotContain("±", md);
        Assert.DoesNotContain("(1)", md);
        // No "[x, x]" interval of a single value: every bracket in the report holds two different numbers.
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(md, @"\[([-+0-9.]+)×?, ([-+0-9.]+)×?\]"))
            Assert.NotEqual(m.Groups[1].Value, m.Groups[2].Value);
    }

    [Fact]
    public async Task Eval_noise_uses_eval_problems_when_logged_else_the_arith_spec()
    {
        var runs = new SyntheticRun[]
        {
            new("b1", Algorithm.RaftPlusPlus, 1, CurveShape.Baseline),
            new("c1", Algorithm.GvmRaftPlusPlus, 1, CurveShape.Baseline),
            new("b2", Algorithm.Grpo, 1, CurveShape.Baseline, EvalProblems: 500),
            new("c2", Algorithm.GvmGrpo, 1, CurveShape.Baseline, EvalProblems: 500),
        };
        SyntheticSweep.Write(_dir.FullName, runs, Pairs(2));
        var report = (await SweepReporter.RunAsync(_dir.FullName, new ReportOptions { Plots = false })).Report;
        var a = SyntheticSweep.F(40, 1);
        var spec = report.Verdicts[0].Noise;
        Assert.Equal((4 * 200, "task.levels × eval.per_level"), (spec.Problems!.Value, spec.Source));
        Assert.Equal(Math.Sqrt(a * (1 - a) / 800), spec.StdError, 12);
        var logged = report.Verdicts[1].Noise;
        Assert.Equal((500, "eval/problems"), (logged.Problems!.Value, logged.Source));
        Assert.Contains("one evaluation's standard error: ", await File.ReadAllTextAsync(Path.Combine(_dir.FullName, "comparison.md")));
    }

    [Fact]
    public async Task Sections_come_headline_first_with_each_pairs_plots_and_flagged_checks_before_passing_ones()
    {
        var runs = new SyntheticRun[]
        {
            new("r1", Algorithm.RaftPlusPlus, 1, CurveShape.Baseline),
            new("g1", Algorithm.GvmRaftPlusPlus, 1, CurveShape.Compressed2x, SamplesPerPrompt: 16),
            new("o1", Algorithm.Grpo, 1, CurveShape.Baseline),
            new("v1", Algorithm.GvmGrpo, 1, CurveShape.Baseline, Failed: true),
        };
        SyntheticSweep.Write(_dir.FullName, runs, Pairs(2));
        var result = await SweepReporter.RunAsync(_dir.FullName, new ReportOptions());
        var md = await File.ReadAllTextAsync(Path.Combine(_dir.FullName, "comparison.md"));
        int At(string text) { var i = md.IndexOf(text, StringComparison.Ordinal); Assert.True(i >= 0, $"missing: {text}"); return i; }

        var headline = At("## Headline");
        var raft = At("## RAFT++ vs GVM-RAFT++ (model=tiny)");
        var grpo = At("## GRPO vs GVM-GRPO (model=tiny)");
        Assert.True(headline < raft && raft < grpo && grpo < At("## Final accuracy") && At("## Final accuracy") < At("## Runs"));
        // Each pair's own plots sit in its section.
        Assert.InRange(At("plots/accuracy_steps_raftpp_vs_gvm_raftpp_model_tiny.png"), raft, grpo);
        Assert.InRange(At("plots/train_reward_raftpp_vs_gvm_raftpp_model_tiny.png"), raft, grpo);
        Assert.InRange(At("plots/level_share_raftpp_vs_gvm_raftpp_model_tiny.png"), raft, grpo);
        // The budget check is flagged: its table comes before the one-line summary of the passing checks.
        var section = md[raft..grpo];
        Assert.True(section.IndexOf("| **FLAG** |", StringComparison.Ordinal) < section.IndexOf("Passing: ", StringComparison.Ordinal));
        Assert.DoesNotContain("| ok |", section);
        // The failed run is named with its reason and log in the headline.
        Assert.InRange(At("diverged: loss is NaN at step 20"), headline, raft);
        var failed = result.Report.Runs.Single(r => r.Failed);
        Assert.EndsWith(Path.Combine(failed.RunId, "train.log"), failed.Log);

        var html = await File.ReadAllTextAsync(Path.Combine(_dir.FullName, "comparison.html"));
        Assert.Contains("<details><summary>", html);
        Assert.Contains("src=\"data:image/png;base64,", html);
        Assert.DoesNotContain("src=\"plots/", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.Equal(System.Text.RegularExpressions.Regex.Matches(md, @"!\[").Count, System.Text.RegularExpressions.Regex.Matches(html, "<img ").Count);
    }

    [Fact]
    public void Last_line_of_a_log_and_the_failure_reason_fallbacks()
    {
        var log = Path.Combine(_dir.FullName, "train.log");
        File.WriteAllText(log, new string('x', 20_000) + "\nstep 3 ok\nFATAL: out of memory\n\n");
        Assert.Equal("FATAL: out of memory", SweepReader.LastLine(log));
        Assert.Null(SweepReader.LastLine(Path.Combine(_dir.FullName, "absent.log")));
        var planned = new Gvm.Core.Sweeps.PlannedRun { RunId = "x", Name = "rl/x", Spec = new RunSpec() };
        var run = new RunRecord { Planned = planned, Spec = planned.Spec, State = "failed", LogLastLine = "FATAL: out of memory" };
        Assert.Equal("FATAL: out of memory", run.FailureReason);
        Assert.Equal("from status", (run with { StatusMessage = "from status" }).FailureReason);
        Assert.Equal("", (run with { State = "running" }).FailureReason);
    }
}
