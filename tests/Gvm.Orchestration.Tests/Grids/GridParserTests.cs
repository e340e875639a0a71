using Gvm.Orchestration.Grids;
using Gvm.Orchestration.Planning;

namespace Gvm.Orchestration.Tests.Grids;

public class GridParserTests
{
    private static GridException PlanError(string yaml) =>
        Assert.Throws<GridException>(() => Planner.Plan(GridParser.Parse(yaml, "g.yaml"), "/tmp/s"));

    [Fact]
    public void Unknown_top_level_key_names_line_column_and_key()
    {
        var e = Assert.Throws<GridException>(() => GridParser.Parse("name: x\nstagez: {}\n", "g.yaml"));
        Assert.Equal(("g.yaml", 2L, 1L, "stagez"), (e.File, e.Line, e.Column, e.Field));
        Assert.StartsWith("g.yaml:2:1: stagez: unknown key", e.Message);
    }

    [Fact]
    public void Wrong_type_in_axis_points_at_the_value()
    {
        var e = PlanError("name: x\nstages:\n  rl:\n    axes:\n      seed: [1, abc]\n");
        Assert.Equal((5L, 17L), (e.Line, e.Column));
        Assert.Equal("stages.rl.axes.seed", e.Field);
        Assert.Contains("expected an integer, got 'abc'", e.Message);
    }

    [Fact]
    public void Bad_value_fails_validation_at_the_line_where_it_was_set()
    {
        var e = PlanError("name: x\ndefaults:\n  sampling:\n    presamples: 0\nstages:\n  rl: {}\n");
        Assert.Equal((4L, 17L, "sampling.presamples"), (e.Line, e.Column, e.Field));
        Assert.Contains("must be >= 1", e.Message);
    }

    [Fact]
    public void Unknown_spec_field_lists_the_known_ones()
    {
        var e = PlanError("name: x\nstages:\n  rl:\n    spec:\n      optim: { learning_rate: 1 }\n");
        Assert.Equal("stages.rl.spec.optim.learning_rate", e.Field);
        Assert.Equal(5L, e.Line);
        Assert.Contains("lr", e.Reason);
    }

    [Fact]
    public void Unknown_algorithm_and_unknown_axis_are_rejected()
    {
        var alg = PlanError("name: x\nstages:\n  rl:\n    axes: { algorithm: [grpo, ppo] }\n");
        Assert.Contains("unknown algorithm 'ppo'", alg.Message);
        var axis = Assert.Throws<GridException>(() => GridParser.Parse("name: x\nstages:\n  rl:\n    axes: { colour: [1] }\n", "g.yaml"));
        Assert.Equal(("stages.rl.axes.colour", 4L), (axis.Field, axis.Line));
    }

    [Fact]
    public void Needs_must_name_an_earlier_stage()
    {
        var e = Assert.Throws<GridException>(() => GridParser.Parse("name: x\nstages:\n  rl: { needs: [sft] }\n", "g.yaml"));
        Assert.Equal("stages.rl.needs", e.Field);
        Assert.Contains("unknown stage 'sft'", e.Message);
    }

    [Fact]
    public void For_each_must_name_an_earlier_stage_and_pairs_take_rl_algorithms_only()
    {
        var e = Assert.Throws<GridException>(() => GridParser.Parse("name: x\nstages:\n  eval: { for_each: rl }\n  rl: {}\n", "g.yaml"));
        Assert.Equal(("stages.eval.for_each", 3L), (e.Field, e.Line));
        Assert.Contains("'rl' must be declared before 'eval'", e.Message);
        var pair = Assert.Throws<GridException>(() => GridParser.Parse(
            "name: x\nstages:\n  rl: {}\npairs:\n  - { baseline: grpo, candidate: eval }\n", "g.yaml"));
        Assert.Equal(("pairs[0].candidate", 5L), (pair.Field, pair.Line));
        Assert.Contains("not an RL algorithm", pair.Message);
    }

    [Fact]
    public void Invalid_yaml_reports_its_position()
    {
        var e = Assert.Throws<GridException>(() => GridParser.Parse("name: x\nstages: [a\n", "g.yaml"));
        Assert.True(e.Line >= 2);
        Assert.Contains("invalid YAML", e.Message);
    }

    [Fact]
    public void Duplicate_keys_are_a_grid_error()
    {
        var e = Assert.Throws<GridException>(() => GridParser.Parse("name: x\nname: y\nstages: { rl: {} }\n", "g.yaml"));
        Assert.Equal(2L, e.Line);
        Assert.Contains("duplicate key", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Resources_and_backend_are_typed()
    {
        var e = Assert.Throws<GridException>(() => GridParser.Parse("name: x\nbackend: { parallel: 0 }\nstages: { rl: {} }\n", "g.yaml"));
        Assert.Equal("backend.parallel", e.Field);
        var r = Assert.Throws<GridException>(() => GridParser.Parse("name: x\nstages:\n  rl: { resources: { gpus: two } }\n", "g.yaml"));
        Assert.Equal(("stages.rl.resources.gpus", 3L), (r.Field, r.Line));
    }
}
