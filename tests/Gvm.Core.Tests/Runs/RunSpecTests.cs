using Gvm.Core.Runs;

namespace Gvm.Core.Tests.Runs;

public class RunSpecTests
{
    [Fact]
    public void Json_round_trip_keeps_every_field()
    {
        var spec = new RunSpec
        {
            Algorithm = Algorithm.GvmRaftPlusPlus,
            Seed = 7,
            Sampling = new SamplingOptions { Presamples = 8, SamplesPerPrompt = 4 },
            Task = new TaskOptions { LevelMix = [0.5, 0.3, 0.1, 0.1] },
        };
        var json = spec.ToJson();
        Assert.Contains("\"algorithm\": \"gvm_raft_pp\"", json);
        Assert.Contains("\"samples_per_prompt\": 4", json);
        var back = RunSpec.Parse(json);
        Assert.Equal(spec.ToJson(), back.ToJson());
    }

    [Fact]
    public void Unknown_field_is_rejected_with_its_path()
    {
        var e = Assert.Throws<RunSpecException>(() => RunSpec.Parse("{\"sampling\": {\"presample\": 3}}", "run.json"));
        Assert.Contains("run.json", e.Message);
        Assert.Contains("presample", e.Message);
    }

    [Fact]
    public void Validation_names_the_bad_field()
    {
        var spec = new RunSpec { Sampling = new SamplingOptions { Presamples = 0 } };
        var e = Assert.Throws<RunSpecException>(() => spec.EnsureValid());
        Assert.Equal("sampling.presamples", e.Field);
        Assert.Empty(new RunSpec().Validate());
    }

    [Theory]
    [InlineData("GVM-RAFT++", Algorithm.GvmRaftPlusPlus)]
    [InlineData("raft_pp", Algorithm.RaftPlusPlus)]
    [InlineData("gvm-grpo", Algorithm.GvmGrpo)]
    [InlineData("SFT", Algorithm.Sft)]
    public void Algorithm_names_parse_in_every_spelling(string text, Algorithm expected) =>
        Assert.Equal(expected, AlgorithmNames.Parse(text));
}
