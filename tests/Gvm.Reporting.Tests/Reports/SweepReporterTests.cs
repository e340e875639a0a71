using System.Globalization;
using Gvm.Core.Runs;
using Gvm.Reporting.Comparison;
using Gvm.Reporting.Fairness;
using Gvm.Reporting.Tests.Synthetic;

namespace Gvm.Reporting.Tests.Reports;

/// <summary>End to end: a synthetic sweep directory through <see cref="SweepReporter"/> into CSV, Markdown and PNG files.</summary>
public sealed class SweepReporterTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("gvm-report-");

    public void Dispose()
    {
        // GVM_KEEP_REPORT=DIR keeps a copy of the generated report to look at.
        var keep = Environment.GetEnvironmentVariable("GVM_KEEP_REPORT");
        if (!string.IsNullOrEmpty(keep)) CopyTree(_dir.FullName, Path.Combine(keep, _dir.Name));
        _dir.Delete(recursive: true);
    }

    // RAFT++ vs GVM-RAFT++: candidate = baseline compressed 2× (seeds 1, 2).
    // GRPO vs GVM-GRPO: candidate never crosses (seed 1), and a seed whose candidate is still running (seed 2).
    private static readonly SyntheticRun[] Runs =
    [
        new("r1", Algorithm.RaftPlusPlus, 1, CurveShape.Baseline),
        new("g1", Algorithm.GvmRaftPlusPlus, 1, CurveShape.Compressed2x),
        new("r2", Algorithm.RaftPlusPlus, 2, CurveShape.Baseline),
        new("g2", Algorithm.GvmRaftPlusPlus, 2, CurveShape.Compressed2x),
        new("o1", Algorithm.Grpo, 1, CurveShape.Baseline),
        new("v1", Algorithm.GvmGrpo, 1, CurveShape.Flat),
        new("o2", Algorithm.Grpo, 2, CurveShape.Baseline),
        new("v2", Algorithm.GvmGrpo, 2, CurveShape.Flat, Complete: false),
    ];

    private static readonly (int, int)[] Pairs = [(0, 1), (2, 3), (4, 5), (6, 7)];

    [Fact]
    public async Task Whole_report_is_written_with_known_speedups_and_censoring()
    {
        SyntheticSweep.Write(_dir.FullName, Runs, Pairs);
        var result = await SweepReporter.RunAsync(_dir.FullName, new ReportOptions());
        var report = result.Report;

        foreach (var name in new[] { "comparison.csv", "paired.csv", "auc.csv", "verdicts.csv", "speedups.csv", "crossings.csv", "fairness.csv", "comparison.md", "comparison.html" })
            Assert.True(File.Exists(Path.Combine(_dir.FullName, name)), name);
        Assert.Contains(Path.Combine(_dir.FullName, "comparison.html"), result.Files);
        Assert.Equal(1, result.IncompleteRuns);

        // 2× compression in steps (same cost per step): S = 2 on every axis at every X; both seeds agree exactly, so
        // the t interval has zero width (two values, no spread), unlike one seed, which has none.
        var raft = report.Speedups.Where(r => r.Candidate == "GVM-RAFT++").ToArray();
        Assert.Equal(5 * 3, raft.Length);
        foreach (var r in raft)
        {
            Assert.Equal("exact", r.Bound);
            Assert.Equal(2, r.Seeds);
            Assert.Equal(2.0, r.SpeedupGeoMean, 9);
            Assert.Equal(2.0, r.SpeedupLow, 9);
            Assert.Equal(2.0, r.SpeedupHigh, 9);
        }

        // Never crossing: censored at t_max = 40 steps, speedup an upper bound; the incomplete seed is left out.
        var grpo = report.Speedups.Single(r => r.Candidate == "GVM-GRPO" && r.Axis == "steps" && r.Fraction == 0.5);
        Assert.Equal("upper_bound", grpo.Bound);
        Assert.Equal(1, grpo.CensoredSeeds);
        Assert.Contains("incomplete", grpo.Note);
        var crossing = report.Crossings.Single(c => c.Pair == "GRPO vs GVM-GRPO" && c.Seed == 1 && c.Axis == "steps" && c.Fraction == 0.5);
        Assert.True(crossing.CandidateCensored);
        Assert.Equal(SyntheticSweep.Steps, crossing.CandidateT);
        Assert.Equal(crossing.BaselineT / SyntheticSweep.Steps, crossing.Speedup, 12);

        var md = await File.ReadAllTextAsync(Path.Combine(_dir.FullName, "comparison.md"));
        Assert.Contains("> 40", md);
        Assert.Contains("≤ ", md);
        Assert.Contains("2.00× [2.00, 2.00] (n = 2)", md);
        Assert.Contains("**1 incomplete run(s)**", md);
        Assert.Contains("| RAFT++ |", md);
        Assert.Contains("that row compares the arms only where they ran under the same load", md); // the wall-clock caveat

        var pngs = Directory.GetFiles(Path.Combine(_dir.FullName, SweepReporter.PlotsDir), "*.png");
        // 2 pairs × (accuracy on steps and tokens, speedup, 5 training curves, level share, 2 pass-rate histograms)
        // + 4 GVM runs with allocations (the running one too) × 3 diagnostics.
        Assert.Equal(2 * 11 + 4 * 3, pngs.Length);
        foreach (var png in pngs)
        {
            var head = new byte[8];
            await using (var f = File.OpenRead(png)) await f.ReadExactlyAsync(head);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, head);
        }
        foreach (var png in pngs) Assert.Contains(Path.GetFileName(png), md);
    }

    [Fact]
    public async Task Csv_columns_come_in_the_documented_order()
    {
        SyntheticSweep.Write(_dir.FullName, Runs, Pairs);
        await SweepReporter.RunAsync(_dir.FullName, new ReportOptions { Plots = false });
        string Header(string file) => File.ReadLines(Path.Combine(_dir.FullName, file)).First();
        Assert.Equal("group,algorithm,benchmark,runs,incomplete_runs,final_mean,final_std,final_ci_low,final_ci_high,paired_with,paired_seeds,paired_diff_mean,paired_diff_ci_low,paired_diff_ci_high,sign_p,wilcoxon_p",
            Header("comparison.csv"));
        Assert.Equal("pair,group,baseline,candidate,axis,x,seeds,censored_seeds,target_mean,t_baseline_median,t_candidate_median,speedup_geomean,speedup_ci_low,speedup_ci_high,bound,baseline_budget,baseline_final_mean,candidate_at_budget_mean,note",
            Header("speedups.csv"));
        Assert.Equal("pair,group,metric,n,mean,std,ci_low,ci_high,sign_n,sign_positive,sign_p,wilcoxon_n,wilcoxon_w_plus,wilcoxon_p", Header("paired.csv"));
        Assert.Equal("pair,group,seed,axis,from,to,auc_baseline,auc_candidate,delta,note", Header("auc.csv"));
        Assert.Equal("pair,group,baseline,candidate,seeds,verdict,headline", Header("verdicts.csv"));
        Assert.Equal("pair,group,seed,axis,x,target,t_baseline,baseline_censored,t_candidate,candidate_censored,speedup,bound,baseline_budget,baseline_final,candidate_at_budget,note",
            Header("crossings.csv"));
        Assert.Equal("pair,group,seed,check,status,baseline,candidate,note", Header("fairness.csv"));
        var row = File.ReadLines(Path.Combine(_dir.FullName, "speedups.csv")).Skip(1).First().Split(',');
        Assert.Equal("2", row[11]);
    }

    [Fact]
    public async Task Final_accuracy_and_paired_difference_per_benchmark()
    {
        SyntheticSweep.Write(_dir.FullName, Runs, Pairs);
        var result = await SweepReporter.RunAsync(_dir.FullName, new ReportOptions { Plots = false });
        var rows = result.Report.Accuracy;
        Assert.Equal(["level_1", "level_2", "average"], result.Report.Columns["model=tiny"]);
        var raft = rows.Single(r => r.Algorithm == "RAFT++" && r.Benchmark == "average");
        var expected = new[] { SyntheticSweep.F(40, 1), SyntheticSweep.F(40, 2) };
        Assert.Equal(expected.Average(), raft.FinalMean, 12);
        Assert.Equal(2, raft.Runs);
        var gvm = rows.Single(r => r.Algorithm == "GVM-RAFT++" && r.Benchmark == "average");
        Assert.Equal("RAFT++", gvm.PairedWith);
        var diffs = new[] { SyntheticSweep.F(80, 1) - SyntheticSweep.F(40, 1), SyntheticSweep.F(80, 2) - SyntheticSweep.F(40, 2) };
        Assert.Equal(diffs.Average(), gvm.PairedDiffMean, 12);
        Assert.InRange(gvm.PairedDiffMean, gvm.PairedDiffLow, gvm.PairedDiffHigh);
        Assert.Equal(1, rows.Single(r => r.Algorithm == "GVM-GRPO" && r.Benchmark == "average").IncompleteRuns);
    }

    [Fact]
    public async Task Eval_stage_runs_get_rows_of_the_algorithm_they_evaluated_and_leave_the_speedups_alone()
    {
        var plan = SyntheticSweep.Write(_dir.FullName, Runs[..2], [(0, 1)]);
        var evals = plan.Runs.Select((source, i) => new Gvm.Core.Sweeps.PlannedRun
        {
            RunId = $"eval-{source.RunId}",
            Name = "eval/" + source.Name[3..],
            Stage = "eval",
            Needs = [source.RunId],
            Cell = source.Cell,
            Spec = new RunSpec { Algorithm = Algorithm.Eval, Seed = source.Spec.Seed, Model = new ModelOptions { Checkpoint = "final" } },
        }).ToArray();
        foreach (var (e, accuracy) in evals.Zip(new[] { 0.61, 0.72 }))
        {
            var dir = Gvm.Core.Sweeps.SweepLayout.RunDir(_dir.FullName, e.RunId);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, RunFiles.Spec), e.Spec.ToJson());
            File.WriteAllText(Path.Combine(dir, RunFiles.Metrics), FormattableString.Invariant($"{{\"step\":0,\"time\":1,\"eval/accuracy\":{accuracy}}}\n"));
            File.WriteAllText(Path.Combine(dir, RunFiles.Result), System.Text.Json.JsonSerializer.Serialize(new RunResult { State = "succeeded" }, Gvm.Core.GvmJson.Options));
        }
        File.WriteAllText(Path.Combine(_dir.FullName, Gvm.Core.Sweeps.SweepLayout.PlanFile), (plan with { Runs = [.. plan.Runs, .. evals] }).ToJson());

        var report = (await SweepReporter.RunAsync(_dir.FullName, new ReportOptions { Plots = false })).Report;
        var rows = report.Accuracy.Where(r => r.Benchmark == "average").ToArray();
        Assert.Equal(["RAFT++", "GVM-RAFT++", "RAFT++ (eval)", "GVM-RAFT++ (eval)"], rows.Select(r => r.Algorithm));
        Assert.Equal(0.72, rows[3].FinalMean, 12);
        Assert.Equal("", rows[3].PairedWith);
        Assert.Equal("RAFT++", rows[1].PairedWith);
        Assert.Equal(5 * 3, report.Speedups.Count);
        Assert.Contains("| GVM-RAFT++ (eval) | ", await File.ReadAllTextAsync(Path.Combine(_dir.FullName, "comparison.md")));
    }

    [Fact]
    public async Task The_ledger_gives_attempts_exit_codes_and_the_state_of_runs_that_wrote_nothing()
    {
        var plan = SyntheticSweep.Write(_dir.FullName, Runs[..2], [(0, 1)]);
        var failed = plan.Runs[0] with { RunId = "never-ran", Name = "rl/raft_pp/seed=9", Cell = new Dictionary<string, string> { ["model"] = "tiny", ["seed"] = "9" } };
        plan = plan with { Runs = [.. plan.Runs, failed] };
        File.WriteAllText(Path.Combine(_dir.FullName, Gvm.Core.Sweeps.SweepLayout.PlanFile), plan.ToJson());
        using (var ledger = Gvm.Orchestration.Ledger.SweepLedger.Open(_dir.FullName))
        {
            ledger.SyncPlan(plan);
            foreach (var run in plan.Runs)
            {
                ledger.Transition(run.RunId, Gvm.Orchestration.Ledger.RunState.Running, "started", r => r with { Attempts = r.Attempts + 1 });
                var ok = run.RunId != failed.RunId;
                ledger.Transition(run.RunId, ok ? Gvm.Orchestration.Ledger.RunState.Succeeded : Gvm.Orchestration.Ledger.RunState.Failed,
                    ok ? "done" : "launch failed", r => r with { ExitCode = ok ? 0 : 127 });
            }
        }

        var report = (await SweepReporter.RunAsync(_dir.FullName, new ReportOptions { Plots = false })).Report;
        var row = report.Runs.Single(r => r.RunId == failed.RunId);
        Assert.Equal(("failed", false, 1, 127), (row.State, row.Complete, row.Attempts, row.ExitCode));
        Assert.Equal((1, 0), (report.Runs[0].Attempts, report.Runs[0].ExitCode));
        var md = await File.ReadAllTextAsync(Path.Combine(_dir.FullName, "comparison.md"));
        Assert.Contains("| **failed** | 1 | 127 |", md);
        Assert.Contains("`rl/raft_pp/seed=9` (failed)", md);
    }

    [Fact]
    public async Task Report_of_the_same_sweep_is_reproducible()
    {
        SyntheticSweep.Write(_dir.FullName, Runs, Pairs);
        var options = new ReportOptions { Plots = false };
        await SweepReporter.RunAsync(_dir.FullName, options);
        var first = await File.ReadAllTextAsync(Path.Combine(_dir.FullName, "comparison.csv"));
        var firstMd = await File.ReadAllTextAsync(Path.Combine(_dir.FullName, "comparison.md"));
        await SweepReporter.RunAsync(_dir.FullName, options);
        Assert.Equal(first, await File.ReadAllTextAsync(Path.Combine(_dir.FullName, "comparison.csv")));
        Assert.Equal(firstMd, await File.ReadAllTextAsync(Path.Combine(_dir.FullName, "comparison.md")));
    }

    [Fact]
    public async Task Fairness_flags_a_mismatched_sampling_budget()
    {
        var runs = new SyntheticRun[]
        {
            new("r1", Algorithm.RaftPlusPlus, 1, CurveShape.Baseline),
            new("g1", Algorithm.GvmRaftPlusPlus, 1, CurveShape.Baseline, SamplesPerPrompt: 16),
        };
        SyntheticSweep.Write(_dir.FullName, runs, [(0, 1)]);
        var result = await SweepReporter.RunAsync(_dir.FullName, new ReportOptions { Plots = false });
        var budget = result.Report.Fairness.Single(f => f.Check == "stage-2 sampling budget");
        Assert.Equal(FairnessStatus.Flag, budget.Status);
        Assert.Contains("sampling.samples_per_prompt: 8 vs 16", budget.Note);
        Assert.Contains("train/samples_stage2", budget.Note);
        Assert.Equal(FairnessStatus.Ok, result.Report.Fairness.Single(f => f.Check == "prompts and order").Status);
        Assert.Equal(FairnessStatus.Ok, result.Report.Fairness.Single(f => f.Check == "other settings").Status);
        Assert.Contains("FLAG", await File.ReadAllTextAsync(Path.Combine(_dir.FullName, "fairness.csv")));
    }

    [Fact]
    public async Task A_missing_plan_is_an_input_error_naming_the_file()
    {
        var e = await Assert.ThrowsAsync<ReportInputException>(() => SweepReporter.RunAsync(_dir.FullName, new ReportOptions()));
        Assert.EndsWith("plan.json", e.File);
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(dir.Replace(from, to, StringComparison.Ordinal));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal), overwrite: true);
    }
}
