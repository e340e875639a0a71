using Gvm.Core.Runs;
using Gvm.Orchestration.Grids;
using Gvm.Orchestration.Planning;

namespace Gvm.Orchestration.Tests.Planning;

/// <summary>Declared ablation pairs: sides that name a stage or axis values besides the algorithm.</summary>
public class AblationPairTests
{
    private const string Grid = """
        name: ablations
        defaults: { threads: 1, model: { preset: micro }, schedule: { steps: 2 } }
        stages:
          rl:
            axes: { algorithm: [grpo, gvm_grpo], seed: [1, 2] }
          abl_np4:
            spec: { sampling: { presamples: 4 } }
            axes: { algorithm: [gvm_grpo], seed: [1, 2] }
          abl_alpha:
            axes: { algorithm: [gvm_grpo], alpha: [0.001, 0.01], seed: [1, 2] }
        pairs:
          - { baseline: grpo, candidate: gvm_grpo }
          - { name: "N' 8 vs 4", baseline: { stage: rl, algorithm: gvm_grpo }, candidate: { stage: abl_np4, algorithm: gvm_grpo } }
          - { baseline: { algorithm: gvm_grpo, alpha: 0.001 }, candidate: { algorithm: gvm_grpo, alpha: 0.01 } }
        """;

    [Fact]
    public void Stage_and_axis_sides_pair_the_runs_that_share_every_other_axis()
    {
        var result = Planner.Plan(GridParser.Parse(Grid, "g.yaml"), "/tmp/abl");
        var plan = result.Plan;
        Assert.Empty(result.Warnings);
        Assert.All(result.PairChecks, c => Assert.True(c.Ok, string.Join(",", c.Differences)));

        var plain = plan.Pairs.Where(p => p.Name == "GRPO vs GVM-GRPO").ToList();
        Assert.Equal([1, 2], plain.Select(p => p.Seed).Order());
        Assert.All(plain, p => Assert.False(p.IsAblation));
        Assert.All(plain, p => Assert.Equal("rl", plan.Runs.Single(r => r.RunId == p.BaselineRunId).Stage));

        var np = plan.Pairs.Where(p => p.Name == "N' 8 vs 4").OrderBy(p => p.Seed).ToList();
        Assert.Equal(2, np.Count);
        foreach (var p in np)
        {
            var b = plan.Runs.Single(r => r.RunId == p.BaselineRunId);
            var c = plan.Runs.Single(r => r.RunId == p.CandidateRunId);
            Assert.Equal(("rl", 8), (b.Stage, b.Spec.Sampling.Presamples));
            Assert.Equal(("abl_np4", 4), (c.Stage, c.Spec.Sampling.Presamples));
            Assert.Equal(b.Spec.Seed, c.Spec.Seed);
            Assert.True(p.IsAblation);
            Assert.Equal("GVM-GRPO [rl]", p.BaselineName);
            Assert.Equal("GVM-GRPO [abl_np4]", p.CandidateName);
        }

        var alpha = plan.Pairs.Where(p => p.CandidateLabel == "GVM-GRPO (alpha=0.01)").ToList();
        Assert.Equal(2, alpha.Count);
        Assert.All(alpha, p =>
        {
            Assert.Equal(0.001, plan.Runs.Single(r => r.RunId == p.BaselineRunId).Spec.Gvm.Alpha);
            Assert.Equal(0.01, plan.Runs.Single(r => r.RunId == p.CandidateRunId).Spec.Gvm.Alpha);
            Assert.False(p.Cell.ContainsKey("alpha"));
        });
        Assert.Equal(Algorithm.GvmGrpo, alpha[0].Baseline);
    }

    [Theory]
    [InlineData("{ baseline: { alpha: 0.01 }, candidate: gvm_grpo }", "pairs[0].baseline.algorithm: is required")]
    [InlineData("{ baseline: { algorithm: gvm_grpo, bogus_axis: 1 }, candidate: gvm_grpo }", "pairs[0].baseline.bogus_axis: unknown axis")]
    [InlineData("{ baseline: { algorithm: gvm_grpo }, candidate: gvm_grpo }", "pairs[0].candidate: must differ from the baseline")]
    public void Bad_pair_sides_name_their_field(string pair, string message)
    {
        var yaml = $"""
            name: bad
            stages:
              rl:
                axes: {"{"} algorithm: [grpo, gvm_grpo] {"}"}
            pairs:
              - {pair}
            """;
        var e = Assert.ThrowsAny<Exception>(() => GridParser.Parse(yaml, "g.yaml"));
        Assert.Contains(message, e.Message);
    }
}
