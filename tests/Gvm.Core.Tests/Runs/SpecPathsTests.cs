using System.Text.Json.Nodes;
using Gvm.Core.Runs;

namespace Gvm.Core.Tests.Runs;

public class SpecPathsTests
{
    [Fact]
    public void Flatten_gives_every_leaf_by_dotted_path_in_spec_json_spelling()
    {
        var spec = new RunSpec { Task = new TaskOptions { LevelMix = [0.5, 0.5, 0, 0] }, Model = new ModelOptions { Dtype = ModelDtype.Float16 } };
        var f = SpecPaths.Flatten(spec);
        Assert.Equal("\"grpo\"", f["algorithm"]);
        Assert.Equal("[0.5,0.5,0,0]", f["task.level_mix"]);
        Assert.Equal("\"float16\"", f["model.dtype"]);
        Assert.Equal("null", f["model.checkpoint"]);
        Assert.Equal("0.001", f["gvm.alpha"]);
        Assert.False(f.ContainsKey("task"));
        Assert.False(f.ContainsKey("study"));
        Assert.Equal(["version", "name", "stage", "algorithm"], f.Keys.Take(4));
    }

    [Fact]
    public void Leaves_recurse_objects_only_and_keep_document_order()
    {
        var leaves = SpecPaths.Leaves(JsonNode.Parse("""{"b":{"z":1,"a":[1,{"x":2}]},"a":null}"""), "p");
        Assert.Equal(["p.b.z", "p.b.a", "p.a"], leaves.Select(l => l.Key));
        Assert.Equal("[1,{\"x\":2}]", leaves[1].Value!.ToJsonString());
        Assert.Null(leaves[2].Value);
    }

    [Fact]
    public void Changes_are_in_document_order_with_absent_fields_named()
    {
        var a = new RunSpec { Sampling = new SamplingOptions { SamplesPerPrompt = 4 }, Gvm = new GvmOptions { Alpha = 0.01 } };
        var b = new RunSpec { Study = new StudyOptions() };
        var changes = SpecPaths.Changes(a, b);
        Assert.Equal(new SpecChange("sampling.samples_per_prompt", "4", "8"), changes[0]);
        Assert.Equal(new SpecChange("gvm.alpha", "0.01", "0.001"), changes[1]);
        Assert.All(changes.Skip(2), c => Assert.StartsWith("study.", c.Field));
        Assert.All(changes.Skip(2), c => Assert.Equal(SpecPaths.Absent, c.Old));
        Assert.Equal(changes.Select(c => c.Field).Order(StringComparer.Ordinal), RunSpecDiff.Compare(a, b).Select(c => c.Field));
        Assert.Empty(SpecPaths.Changes(a, a with { }));
    }

    [Theory]
    [InlineData("task.levels", true)]
    [InlineData("task", true)]
    [InlineData("task_x", false)]
    [InlineData("eval.benchmarks[0]", true)]
    [InlineData("sampling.presamples", false)]
    public void Under_covers_a_path_and_its_sub_fields(string path, bool expected) =>
        Assert.Equal(expected, SpecPaths.Under(path, ["task", "eval.benchmarks", "sampling.samples_per_prompt"]));

    [Fact]
    public void Every_paired_field_names_a_spec_field()
    {
        var paths = SpecPaths.Flatten(new RunSpec()).Keys.ToList();
        foreach (var field in new[] { PairedFields.AlgorithmOwn, PairedFields.Prompts, PairedFields.StartModel, PairedFields.Budget,
                     PairedFields.Eval, PairedFields.Updates, PairedFields.GroupBaseline }.SelectMany(x => x))
            Assert.True(paths.Any(p => SpecPaths.Under(p, [field])), field);
    }
}
