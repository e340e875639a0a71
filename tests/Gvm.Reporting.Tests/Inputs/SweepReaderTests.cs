using Gvm.Core.Runs;
using Gvm.Core.Sweeps;
using Gvm.Reporting.Comparison;
using Gvm.Reporting.Inputs;
using Gvm.Reporting.Tests.Synthetic;

namespace Gvm.Reporting.Tests.Inputs;

public sealed class SweepReaderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("gvm-reader-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Runs_are_complete_only_with_a_succeeded_result_and_unknown_fields_are_tolerated()
    {
        var plan = SyntheticSweep.Write(_dir.FullName,
            [new("a", Algorithm.Grpo, 1, CurveShape.Baseline), new("b", Algorithm.GvmGrpo, 1, CurveShape.Baseline, Complete: false)], [(0, 1)]);
        var dirA = SweepLayout.RunDir(_dir.FullName, plan.Runs[0].RunId);
        // A newer trainer may write fields this build does not know yet.
        var spec = File.ReadAllText(Path.Combine(dirA, RunFiles.Spec)).Replace("\"version\": 1", "\"version\": 1, \"future_field\": 3");
        File.WriteAllText(Path.Combine(dirA, RunFiles.Spec), spec);
        File.WriteAllText(Path.Combine(dirA, RunFiles.Result), "{\"state\":\"succeeded\",\"steps\":40,\"extra\":true}");

        var sweep = await SweepReader.ReadAsync(_dir.FullName);
        Assert.True(sweep.Runs[plan.Runs[0].RunId].Complete);
        var b = sweep.Runs[plan.Runs[1].RunId];
        Assert.False(b.Complete);
        Assert.Equal("running", b.State);
        Assert.NotEmpty(b.Allocations);
    }

    [Fact]
    public async Task A_broken_result_file_is_an_input_error_naming_it()
    {
        var plan = SyntheticSweep.Write(_dir.FullName, [new("a", Algorithm.Grpo, 1, CurveShape.Baseline)], []);
        var result = Path.Combine(SweepLayout.RunDir(_dir.FullName, plan.Runs[0].RunId), RunFiles.Result);
        File.WriteAllText(result, "{\"state\": 5}");
        var e = await Assert.ThrowsAsync<ReportInputException>(() => SweepReader.ReadAsync(_dir.FullName));
        Assert.Equal(result, e.File);
        Assert.Contains("state", e.Field);
    }

    [Fact]
    public void Unnamed_pairs_are_named_after_their_algorithms()
    {
        var plan = new SweepPlan { Pairs = [new ComparisonPair { Baseline = Algorithm.Grpo, Candidate = Algorithm.GvmGrpo, Seed = 1 }] };
        var group = Assert.Single(PairGroup.From(new SweepData(_dir.FullName, plan, new Dictionary<string, RunRecord>())));
        Assert.Equal("GRPO vs GVM-GRPO", group.Name);
        Assert.Equal(GroupKey.All, group.Group);
    }
}
