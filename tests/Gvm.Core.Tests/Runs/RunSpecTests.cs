using Gvm.Core.Allocation;
using Gvm.Core.Inputs;
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

public class RunSpecClosedSetTests
{
    [Fact]
    public void Closed_sets_are_written_and_read_by_their_snake_case_names()
    {
        var spec = new RunSpec
        {
            Model = new ModelOptions { Dtype = ModelDtype.Bfloat16 },
            Gvm = new GvmOptions { Scope = GvmScope.Batch },
            Optim = new OptimOptions { LrSchedule = LrSchedule.Cosine },
        };
        var json = spec.ToJson();
        Assert.Contains("\"dtype\": \"bfloat16\"", json);
        Assert.Contains("\"scope\": \"batch\"", json);
        Assert.Contains("\"lr_schedule\": \"cosine\"", json);
        var back = RunSpec.Parse(json);
        Assert.Equal((ModelDtype.Bfloat16, GvmScope.Batch, LrSchedule.Cosine), (back.Model.Dtype, back.Gvm.Scope, back.Optim.LrSchedule));
        Assert.Equal(json, back.ToJson());
        var defaults = new RunSpec().ToJson();
        Assert.Contains("\"dtype\": \"float32\"", defaults);
        Assert.Contains("\"scope\": \"iteration\"", defaults);
        Assert.Contains("\"lr_schedule\": \"constant\"", defaults);
        Assert.Equal(["float32", "bfloat16", "float16"], SnakeCaseEnum<ModelDtype>.Names);
    }

    [Theory]
    [InlineData("""{"model": {"dtype": "bf16"}}""", "model.dtype", "unknown value 'bf16'; supported: float32, bfloat16, float16")]
    [InlineData("""{"gvm": {"scope": "Iteration"}}""", "gvm.scope", "unknown value 'Iteration'; supported: iteration, batch")]
    [InlineData("""{"optim": {"lr_schedule": "linear"}}""", "optim.lr_schedule", "unknown value 'linear'; supported: constant, cosine")]
    [InlineData("""{"optim": {"lr_schedule": 1}}""", "optim.lr_schedule", "must be a string, one of: constant, cosine")]
    public void A_name_outside_a_closed_set_is_refused_at_read_naming_the_field(string json, string field, string message)
    {
        var e = Assert.Throws<RunSpecException>(() => RunSpec.Parse(json, "run.json"));
        Assert.Equal(field, e.Field);
        Assert.Equal(message, e.Reason);
        Assert.Equal(1, e.Line);
    }
}

public class RunSpecGvmSectionTests
{
    [Fact]
    public void The_gvm_section_defaults_are_the_allocators()
    {
        var gvm = new GvmOptions();
        Assert.Equal(GvmAllocationOptions.DefaultAlpha, gvm.Alpha);
        Assert.Equal(GvmAllocationOptions.DefaultBeta, gvm.Beta);
        Assert.Equal(new GvmAllocationOptions(), gvm.AllocationOptions());
        Assert.Equal(new GvmAllocationOptions(), new RunSpec().AllocationOptions());
    }

    [Theory]
    [InlineData(-1e-3, 2.0, 0.0, "gvm.alpha")]
    [InlineData(1e-3, double.PositiveInfinity, 0.0, "gvm.beta")]
    [InlineData(1e-3, 2.0, 1.5, "gvm.filter_threshold")]
    public void The_allocators_rules_apply_at_spec_validation_for_every_algorithm(double alpha, double beta, double threshold, string field)
    {
        foreach (var algorithm in new[] { Algorithm.Grpo, Algorithm.GvmGrpo })
        {
            var spec = new RunSpec { Algorithm = algorithm, Gvm = new GvmOptions { Alpha = alpha, Beta = beta, FilterThreshold = threshold } };
            Assert.Equal(field, Assert.Throws<RunSpecException>(() => spec.EnsureValid()).Field);
            Assert.Contains(spec.AllocationOptions().Validate(), x => "gvm." + x.Field == field);
        }
    }

    [Fact]
    public void Per_prompt_floors_must_fit_the_budget_of_a_gvm_run_only()
    {
        var gvm = new GvmOptions { MinPerPrompt = 9 };
        var e = Assert.Throws<RunSpecException>(() => new RunSpec { Algorithm = Algorithm.GvmGrpo, Gvm = gvm }.EnsureValid());
        Assert.Equal("gvm.min_per_prompt", e.Field);
        Assert.Contains("(sampling.samples_per_prompt)", e.Reason);
        Assert.Empty(new RunSpec { Algorithm = Algorithm.Grpo, Gvm = gvm }.Validate());
    }
}
