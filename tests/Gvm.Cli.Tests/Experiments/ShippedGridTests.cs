using Gvm.Orchestration.Grids;
using Gvm.Orchestration.Planning;

namespace Gvm.Cli.Tests.Experiments;

/// <summary>Every grid shipped in experiments/ parses and plans (a field the grid reader cannot take fails here, not in a user's sweep).</summary>
public class ShippedGridTests
{
    public static TheoryData<string> Grids()
    {
        var root = Gvm.Core.IO.RepoPaths.FindRepoRoot() ?? throw new DirectoryNotFoundException("repository root");
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(root, "experiments"), "*.yaml").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Grids))]
    public void Shipped_grid_plans(string file)
    {
        var root = Gvm.Core.IO.RepoPaths.FindRepoRoot()!;
        var plan = Planner.Plan(GridParser.Load(Path.Combine(root, "experiments", file)), "/tmp/shipped-grid").Plan;
        Assert.NotEmpty(plan.Runs);
    }

    [Fact]
    public void Enum_fields_take_their_snake_case_names_and_reject_others()
    {
        const string grid = "name: x\ndefaults:\n  task: { kind: arith, reward: REWARD }\nstages:\n  rl: { spec: { algorithm: grpo } }\n";
        var plan = Planner.Plan(GridParser.Parse(grid.Replace("REWARD", "answer", StringComparison.Ordinal), "g.yaml"), "/tmp/g").Plan;
        Assert.Equal(Gvm.Core.Runs.ArithReward.Answer, Assert.Single(plan.Runs).Spec.Task.Reward);
        var e = Assert.Throws<GridException>(() => Planner.Plan(GridParser.Parse(grid.Replace("REWARD", "exact", StringComparison.Ordinal), "g.yaml"), "/tmp/g"));
        Assert.Equal((3L, "defaults.task.reward"), (e.Line, e.Field));
        Assert.Contains("supported: derivation, answer", e.Message);
    }
}
