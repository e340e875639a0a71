using Gvm.Core.Runs;
using Gvm.Core.Sweeps;
using Gvm.Orchestration.Grids;
using Gvm.Orchestration.Planning;
using Gvm.Orchestration.Tests.Fakes;

namespace Gvm.Orchestration.Tests.Planning;

public class PlannerTests
{
    private static PlanResult Plan(string yaml, string dir = "/tmp/sweep-a") => Planner.Plan(GridParser.Parse(yaml, "g.yaml"), dir);

    [Fact]
    public void Rl_cells_need_the_sft_run_and_start_from_its_final_checkpoint()
    {
        var plan = Plan(TestSweep.Grid("[1, 2]")).Plan;
        Assert.Equal(5, plan.Runs.Count);
        var sft = Assert.Single(plan.Runs, r => r.Stage == "sft");
        foreach (var rl in plan.Runs.Where(r => r.Stage == "rl"))
        {
            Assert.Equal([sft.RunId], rl.Needs);
            Assert.Equal(Path.Combine("/tmp/sweep-a", "runs", sft.RunId, "final"), rl.Spec.Model.Checkpoint);
            Assert.Equal("rl", rl.Spec.Stage);
        }
        Assert.Contains(plan.Runs, r => r.Name == "rl/gvm_grpo/seed=2" && r.Spec.Algorithm == Algorithm.GvmGrpo && r.Spec.Seed == 2);
    }

    [Fact]
    public void A_grid_with_dr_grpo_plans_its_runs_pair_and_estimate_from_the_registry()
    {
        var yaml = TestSweep.Grid("[1, 2]").Replace("algorithm: [grpo, gvm_grpo]", "algorithm: [grpo, dr_grpo]")
            .Replace("candidate: gvm_grpo", "candidate: dr_grpo");
        var plan = Plan(yaml).Plan;
        var dr = plan.Runs.Where(r => r.Spec.Algorithm == Algorithm.DrGrpo).ToList();
        Assert.Equal(["rl/dr_grpo/seed=1", "rl/dr_grpo/seed=2"], dr.Select(r => r.Name));
        var grpo = plan.Runs.Single(r => r.Name == "rl/grpo/seed=1");
        Assert.Equal(grpo.EstimatedSeconds, dr[0].EstimatedSeconds); // same sampling cost per step as GRPO
        Assert.True(dr[0].EstimatedSeconds > 0);
        Assert.Equal("dr_grpo", System.Text.Json.JsonDocument.Parse(dr[0].Spec.ToJson()).RootElement.GetProperty("algorithm").GetString());
        Assert.Equal(2, plan.Pairs.Count); // one per seed
        Assert.All(plan.Pairs, p => Assert.Equal((Algorithm.Grpo, Algorithm.DrGrpo, "GRPO vs Dr. GRPO"), (p.Baseline, p.Candidate, p.Name)));
    }

    [Fact]
    public void A_for_each_stage_gets_one_run_per_run_of_its_source_stage_starting_from_that_runs_final_checkpoint()
    {
        var yaml = TestSweep.Grid("[1, 2]", """
              eval:
                for_each: rl
                spec: { algorithm: eval, eval: { per_level: 50 } }
            """);
        var plan = Plan(yaml).Plan;
        var rl = plan.Runs.Where(r => r.Stage == "rl").ToList();
        var eval = plan.Runs.Where(r => r.Stage == "eval").ToList();
        Assert.Equal(4, eval.Count);
        Assert.Equal(rl.Select(r => "eval/" + r.Name[3..]), eval.Select(r => r.Name)); // eval/grpo/seed=1, ...
        foreach (var (source, e) in rl.Zip(eval))
        {
            Assert.Equal([source.RunId], e.Needs);
            Assert.Equal(Algorithm.Eval, e.Spec.Algorithm);
            Assert.Equal(50, e.Spec.Eval.PerLevel);
            Assert.Equal(Path.Combine("/tmp/sweep-a", "runs", source.RunId, "final"), e.Spec.Model.Checkpoint);
            Assert.Equal(source.Cell, e.Cell); // grouped with the run it evaluates
        }
        Assert.Equal(4, eval.Select(r => r.RunId).Distinct().Count());
        Assert.Equal(2, plan.Pairs.Count); // eval runs make no pairs of their own
    }

    [Fact]
    public void A_variance_study_stage_runs_for_each_rl_run_without_changing_the_other_runs_ids()
    {
        var yaml = TestSweep.Grid("[1]", """
              study:
                for_each: rl
                spec: { algorithm: variance_study, study: { shards: 2, repeats: 5 } }
            """);
        var plan = Plan(yaml).Plan;
        var study = plan.Runs.Where(r => r.Stage == "study").ToList();
        Assert.Equal(2, study.Count);
        foreach (var (source, s) in plan.Runs.Where(r => r.Stage == "rl").Zip(study))
        {
            Assert.Equal([source.RunId], s.Needs);
            Assert.Equal(Algorithm.VarianceStudy, s.Spec.Algorithm);
            Assert.Equal(new StudyOptions { Shards = 2, Repeats = 5 }, s.Spec.Study);
            Assert.Equal(Path.Combine("/tmp/sweep-a", "runs", source.RunId, "final"), s.Spec.Model.Checkpoint);
            Assert.True(s.EstimatedSeconds > 0);
        }
        // The optional study section is not written for other runs, so their ids are those of a grid without the stage.
        var without = Plan(TestSweep.Grid("[1]")).Plan;
        Assert.Equal(without.Runs.Select(r => r.RunId), plan.Runs.Where(r => r.Stage != "study").Select(r => r.RunId));
    }

    [Fact]
    public void Run_ids_are_stable_and_independent_of_the_sweep_directory()
    {
        var a = Plan(TestSweep.Grid(), "/tmp/one").Plan;
        var b = Plan(TestSweep.Grid(), "/elsewhere/two").Plan;
        Assert.Equal(a.Runs.Select(r => r.RunId), b.Runs.Select(r => r.RunId));
        Assert.Equal(a.SweepId, b.SweepId);
        Assert.All(a.Runs, r => Assert.Matches("^[0-9a-f]{12}$", r.RunId));
    }

    [Fact]
    public void Changing_the_sft_stage_changes_every_dependent_id_and_nothing_else_changes_it()
    {
        var a = Plan(TestSweep.Grid()).Plan;
        var b = Plan(TestSweep.Grid().Replace("steps: 3", "steps: 5")).Plan;
        Assert.DoesNotContain(b.Runs, r => a.Runs.Any(x => x.RunId == r.RunId));
        var c = Plan(TestSweep.Grid("[1, 2]")).Plan;
        Assert.All(a.Runs, r => Assert.Contains(c.Runs, x => x.RunId == r.RunId)); // adding a seed keeps the old ids
    }

    [Fact]
    public void Exclude_and_include_shape_the_cells()
    {
        var yaml = TestSweep.Grid("[1, 2]", """
                exclude: [{ algorithm: GVM-GRPO, seed: 2 }]
                include: [{ algorithm: raft_pp, seed: 7 }]
            """);
        var rl = Plan(yaml).Plan.Runs.Where(r => r.Stage == "rl").Select(r => r.Name).ToList();
        Assert.Equal(["rl/grpo/seed=1", "rl/grpo/seed=2", "rl/gvm_grpo/seed=1", "rl/raft_pp/seed=7"], rl); // first axis outermost
    }

    [Fact]
    public void Pairs_match_cells_that_differ_only_in_algorithm()
    {
        var result = Plan(TestSweep.Grid("[1, 2]"));
        Assert.Equal(2, result.Plan.Pairs.Count);
        Assert.All(result.PairChecks, c => Assert.True(c.Ok));
        var p = result.Plan.Pairs.Single(x => x.Seed == 2);
        Assert.Equal("rl/grpo/seed=2", result.Plan.Runs.Single(r => r.RunId == p.BaselineRunId).Name);
        Assert.Equal("2", p.Cell["seed"]);
    }

    [Fact]
    public void Budget_check_flags_a_different_stage2_budget_and_eval_cadence()
    {
        var a = new RunSpec { Algorithm = Algorithm.Grpo };
        var b = a with { Algorithm = Algorithm.GvmGrpo, Sampling = a.Sampling with { SamplesPerPrompt = 16 }, Gvm = a.Gvm with { Alpha = 0.01 } };
        var check = PairBudgetCheck.Check(new ComparisonPair(), a, b);
        Assert.False(check.SameBudget);
        Assert.True(check.SamePrompts);
        Assert.True(check.SameEval);
        Assert.Equal(["sampling.samples_per_prompt", "gvm.alpha"], check.Differences);
        var c = a with { Schedule = a.Schedule with { EvalEvery = 3 } };
        Assert.False(PairBudgetCheck.Check(new ComparisonPair(), a, c).SameEval);
    }

    [Fact]
    public void Budget_check_reads_the_shared_paired_fields()
    {
        var a = new RunSpec { Algorithm = Algorithm.Grpo };
        // Response length is part of the stage-2 budget; prompts per step are both the prompts and the budget.
        var longer = PairBudgetCheck.Check(new ComparisonPair(), a, a with { Sampling = a.Sampling with { MaxNewTokens = 128 } });
        Assert.Equal((true, false, true), (longer.SamePrompts, longer.SameBudget, longer.SameEval));
        var wider = PairBudgetCheck.Check(new ComparisonPair(), a, a with { Sampling = a.Sampling with { PromptsPerStep = 32 } });
        Assert.Equal((false, false, true), (wider.SamePrompts, wider.SameBudget, wider.SameEval));
        // The start model must match; update semantics (a deliberate ablation) are listed, not refused.
        Assert.False(PairBudgetCheck.Check(new ComparisonPair(), a, a with { Threads = 4 }).Ok);
        var ratio = PairBudgetCheck.Check(new ComparisonPair(), a, a with { Optim = a.Optim with { AuthorsUpdateRatio = true } });
        Assert.True(ratio.Ok);
        Assert.Equal(["optim.authors_update_ratio"], ratio.Differences);
    }

    [Theory]
    [InlineData("smoke.yaml", 5, 2, false)]
    [InlineData("compare-cpu.yaml", 13, 6, false)]
    [InlineData("qwen2.5-math-1.5b.yaml", 8, 2, true)] // 4 rl + 4 eval
    [InlineData("qwen2.5-math-7b.yaml", 8, 2, true)]
    public void Shipped_grids_plan_cleanly(string file, int runs, int pairs, bool gpu)
    {
        var root = Gvm.Core.IO.RepoPaths.FindRepoRoot() ?? throw new DirectoryNotFoundException("repository root");
        var grid = GridParser.Load(Path.Combine(root, "experiments", file));
        var result = Planner.Plan(grid, "/tmp/s");
        Assert.Equal(runs, result.Plan.Runs.Count);
        Assert.Equal(pairs, result.Plan.Pairs.Count);
        Assert.All(result.PairChecks, c => Assert.True(c.Ok, string.Join(",", c.Differences)));
        Assert.Equal(gpu, grid.Backend.RequiresGpu);
        Assert.Equal(gpu, result.Plan.Runs.All(r => r.Resources.Gpus > 0));
        Assert.Empty(result.Warnings);
    }
}
