using Gvm.Core.Runs;
using Gvm.Core.Sweeps;

namespace Gvm.Reporting.Tests;

public class PlanFileTests
{
    [Fact]
    public void Plan_round_trips_through_its_file()
    {
        var dir = Directory.CreateTempSubdirectory("gvm-plan-");
        var path = Path.Combine(dir.FullName, SweepLayout.PlanFile);
        var plan = new SweepPlan
        {
            Name = "smoke",
            Pairs = [new ComparisonPair { Name = "GRPO vs GVM-GRPO", Baseline = Algorithm.Grpo, Candidate = Algorithm.GvmGrpo }],
        };
        File.WriteAllText(path, plan.ToJson());
        Assert.Equal(Algorithm.GvmGrpo, SweepPlan.Load(path).Pairs[0].Candidate);
        dir.Delete(true);
    }
}
