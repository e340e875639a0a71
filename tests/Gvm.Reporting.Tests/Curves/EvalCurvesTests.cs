using Gvm.Core.Runs.Files;
using Gvm.Reporting.Curves;
using Gvm.Reporting.Inputs;

namespace Gvm.Reporting.Tests.Curves;

public class EvalCurvesTests
{
    private static readonly IReadOnlyList<MetricRecord> Metrics = MetricsJournal.Parse(string.Join("\n",
        "{\"step\":0,\"time\":100,\"eval/math500/mean_at_k\":0.2,\"eval/aime24/mean_at_k\":0.0}",
        "{\"step\":1,\"time\":110,\"cost/tokens_generated_cum\":500}",
        "{\"step\":2,\"time\":120,\"cost/tokens_generated_cum\":1000}",
        "{\"step\":2,\"time\":121,\"eval/math500/mean_at_k\":0.4,\"eval/math500/pass_at_k\":0.9,\"eval/aime24/mean_at_k\":0.1}") + "\n", "m");

    [Fact]
    public void Every_eval_accuracy_key_is_a_benchmark_column_plus_the_average()
    {
        var run = new RunRecord { Planned = new(), Spec = new(), State = "succeeded", Metrics = Metrics };
        Assert.Equal(["aime24", "math500", Benchmarks.Average], Benchmarks.Columns([run]));
        Assert.Equal("level_3", Benchmarks.ColumnOf("eval/accuracy_level_3"));
        Assert.Null(Benchmarks.ColumnOf("eval/loss"));
    }

    [Fact]
    public void Average_is_the_mean_of_benchmarks_and_mean_at_k_wins_over_pass_at_k()
    {
        var curve = EvalCurves.Build(Metrics, Benchmarks.Average, CostAxis.Steps);
        Assert.Equal([0.0, 2.0], curve.X);
        Assert.Equal(0.25, curve.Y[1], 12);
    }

    [Fact]
    public void Cost_axes_carry_the_latest_cumulative_value_and_seconds_fall_back_to_time()
    {
        Assert.Equal([0.0, 1000.0], EvalCurves.Build(Metrics, "math500", CostAxis.Tokens).X);
        Assert.Equal([0.0, 21.0], EvalCurves.Build(Metrics, "math500", CostAxis.Seconds).X);
        Assert.True(EvalCurves.Build(Metrics, "math500", CostAxis.OptimizerUpdates).IsEmpty);
    }
}
