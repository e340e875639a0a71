using Gvm.Core.Runs;
using Gvm.Core.Sweeps;
using Gvm.Reporting.Fairness;
using Gvm.Reporting.Inputs;

namespace Gvm.Reporting.Tests.Fairness;

public class FairnessCheckerTests
{
    private static RunRecord Run(RunSpec spec, string metrics = "") => new()
    {
        Planned = new PlannedRun { RunId = spec.Name, Spec = spec },
        Spec = spec,
        State = "succeeded",
        Result = new RunResult(),
        Metrics = MetricsJournal.Parse(metrics, spec.Name),
    };

    [Fact]
    public void Identical_settings_pass_every_check()
    {
        var spec = new RunSpec { Name = "a", Algorithm = Algorithm.RaftPlusPlus };
        var cand = spec with { Name = "b", Algorithm = Algorithm.GvmRaftPlusPlus, Gvm = new GvmOptions { MinPerPrompt = 1 }, Sampling = spec.Sampling with { Presamples = 8 } };
        const string m = "{\"step\":1,\"cost/optimizer_updates_cum\":4}\n";
        var rows = FairnessChecker.Check("p", "all", 1, Run(spec, m), Run(cand, m));
        Assert.All(rows, r => Assert.NotEqual(FairnessStatus.Flag, r.Status));
        Assert.Equal(FairnessStatus.NotApplicable, rows.Single(r => r.Check == "GRPO singleton groups").Status);
    }

    [Fact]
    public void Different_eval_cadence_update_count_and_learning_rate_are_flagged()
    {
        var spec = new RunSpec { Name = "a", Algorithm = Algorithm.Grpo };
        var cand = spec with
        {
            Name = "b", Algorithm = Algorithm.GvmGrpo,
            Schedule = spec.Schedule with { EvalEvery = 5 },
            Optim = spec.Optim with { Lr = 2e-4 },
        };
        var rows = FairnessChecker.Check("p", "all", 1,
            Run(spec, "{\"step\":1,\"cost/optimizer_updates_cum\":4,\"gvm/singleton_groups\":0}\n"),
            Run(cand, "{\"step\":1,\"cost/optimizer_updates_cum\":6,\"gvm/singleton_groups\":3}\n"));
        Assert.Equal(FairnessStatus.Flag, rows.Single(r => r.Check == "eval protocol and cadence").Status);
        Assert.Equal(FairnessStatus.Flag, rows.Single(r => r.Check == "optimizer updates").Status);
        var other = rows.Single(r => r.Check == "other settings");
        Assert.Equal(FairnessStatus.Flag, other.Status);
        Assert.Contains("optim.lr", other.Note);
        var singleton = rows.Single(r => r.Check == "GRPO singleton groups");
        Assert.Equal(FairnessStatus.Flag, singleton.Status);
        Assert.Contains("3 singleton groups", singleton.Note);
    }

    [Fact]
    public void A_gvm_candidate_against_another_algorithms_baseline_is_flagged_by_the_registrys_pairing()
    {
        var spec = new RunSpec { Name = "a", Algorithm = Algorithm.RaftPlusPlus };
        var cand = spec with { Name = "b", Algorithm = Algorithm.GvmGrpo };
        const string m = "{\"step\":1,\"cost/optimizer_updates_cum\":4}\n";
        var other = FairnessChecker.Check("p", "all", 1, Run(spec, m), Run(cand, m)).Single(r => r.Check == "other settings");
        Assert.Equal(FairnessStatus.Flag, other.Status);
        Assert.Contains("GVM-GRPO's uniform baseline is GRPO, not RAFT++", other.Note);
    }

    [Fact]
    public void An_ablation_pair_of_one_gvm_algorithm_is_flagged_only_for_its_ablated_setting()
    {
        var spec = new RunSpec { Name = "a", Algorithm = Algorithm.GvmGrpo };
        var cand = spec with { Name = "b", Gvm = new GvmOptions { Alpha = 1e-2 } };
        const string m = "{\"step\":1,\"cost/optimizer_updates_cum\":4}\n";
        var other = FairnessChecker.Check("p", "all", 1, Run(spec, m), Run(cand, m)).Single(r => r.Check == "other settings");
        Assert.Equal(FairnessStatus.Ok, other.Status);
        Assert.DoesNotContain("uniform baseline", other.Note, StringComparison.Ordinal);
        var lr = FairnessChecker.Check("p", "all", 1, Run(spec, m), Run(cand with { Optim = spec.Optim with { Lr = 2e-4 } }, m))
            .Single(r => r.Check == "other settings");
        Assert.Equal(FairnessStatus.Flag, lr.Status);
        Assert.Contains("optim.lr", lr.Note, StringComparison.Ordinal);
        Assert.DoesNotContain("uniform baseline", lr.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_different_response_length_is_a_budget_difference_and_a_start_model_difference_is_another_setting()
    {
        var spec = new RunSpec { Name = "a", Algorithm = Algorithm.Grpo };
        var cand = spec with
        {
            Name = "b", Algorithm = Algorithm.GvmGrpo,
            Sampling = spec.Sampling with { MaxNewTokens = 128 },
            Model = spec.Model with { Dtype = ModelDtype.Bfloat16 },
        };
        const string m = "{\"step\":1,\"cost/optimizer_updates_cum\":4}\n";
        var rows = FairnessChecker.Check("p", "all", 1, Run(spec, m), Run(cand, m));
        var budget = rows.Single(r => r.Check == "stage-2 sampling budget");
        Assert.Equal(FairnessStatus.Flag, budget.Status);
        Assert.Equal("sampling.max_new_tokens: 64 vs 128", budget.Note);
        var other = rows.Single(r => r.Check == "other settings");
        Assert.Equal("model.dtype: \"float32\" vs \"bfloat16\"", other.Note);
        Assert.Equal(FairnessStatus.Ok, rows.Single(r => r.Check == "prompts and order").Status);
    }
}
