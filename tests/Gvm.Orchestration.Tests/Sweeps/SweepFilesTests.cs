using Gvm.Core.Runs;
using Gvm.Core.Sweeps;
using Gvm.Orchestration.Sweeps;
using Gvm.Orchestration.Tests.Fakes;

namespace Gvm.Orchestration.Tests.Sweeps;

public class SweepFilesTests
{
    [Fact]
    public async Task Plan_json_and_spec_json_round_trip_through_the_contracts()
    {
        using var t = new TestSweep(TestSweep.Grid("[1, 2]"));
        var plan = t.Plan();
        await SweepFiles.WriteAsync(plan, t.SweepDir);

        var loaded = SweepPlan.Load(Path.Combine(t.SweepDir, SweepLayout.PlanFile));
        Assert.Equal(plan.SweepId, loaded.SweepId);
        Assert.Equal(plan.Runs.Select(r => r.RunId), loaded.Runs.Select(r => r.RunId));
        Assert.Equal(plan.Pairs.Count, loaded.Pairs.Count);
        foreach (var run in plan.Runs)
        {
            var spec = RunSpec.Load(Path.Combine(t.RunDir(run.RunId), RunFiles.Spec));
            Assert.Equal(run.Spec.ToJson(), spec.ToJson());
            Assert.Empty(spec.Validate());
        }
    }
}
