using Gvm.Core.Metrics;
using Gvm.Tracking.Stores;
using Gvm.Tracking.Tracking;

namespace Gvm.Tracking.Tests.Tracking;

public class ExperimentTrackerTests
{
    private static List<KeyValuePair<string, string>> Pairs(string prefix, int n) =>
        Enumerable.Range(0, n).Select(i => new KeyValuePair<string, string>($"{prefix}{i}", $"{i}")).ToList();

    [Fact]
    public void Chunks_respect_every_limit_and_keep_order()
    {
        var metrics = Enumerable.Range(0, 2500).Select(i => new MetricPoint("m", i, i, i)).ToList();
        var batches = LogBatchChunker.Chunk(metrics, Pairs("p", 250), Pairs("t", 130)).ToList();
        Assert.All(batches, b => Assert.True(b.Metrics.Count <= 1000 && b.Params.Count <= 100 && b.Tags.Count <= 100 && b.Count <= 1000));
        Assert.Equal(metrics, batches.SelectMany(b => b.Metrics));
        Assert.Equal(250, batches.Sum(b => b.Params.Count));
        Assert.Equal(130, batches.Sum(b => b.Tags.Count));
        // first request: 100 params + 100 tags + 800 metrics, as MLflow's Python client fills it
        Assert.Equal((800, 100, 100), (batches[0].Metrics.Count, batches[0].Params.Count, batches[0].Tags.Count));
        Assert.Empty(LogBatchChunker.Chunk([], [], []));
    }

    [Fact]
    public async Task Starting_a_run_twice_continues_the_same_run()
    {
        var store = new InMemoryTrackingStore();
        var tracker = new ExperimentTracker(store);
        var exp = await tracker.GetOrCreateExperimentAsync("e");
        var start = new RunStart("key-1", "run one", 5, [new("mlflow.user", "alice")], Pairs("p", 150));
        var a = await tracker.StartRunAsync(exp.ExperimentId, start);
        var b = await tracker.StartRunAsync(exp.ExperimentId, start);
        Assert.Equal(a.RunId, b.RunId);
        var run = Assert.Single(store.Runs);
        Assert.Equal("key-1", run.Tags["gvm.run_key"]);
        Assert.Equal(150, run.Params.Count);
    }

    [Fact]
    public async Task Invalid_keys_and_conflicting_duplicates_are_refused_and_long_values_cut()
    {
        var store = new InMemoryTrackingStore();
        var tracker = new ExperimentTracker(store);
        var exp = await tracker.GetOrCreateExperimentAsync("e");
        await Assert.ThrowsAsync<ArgumentException>(() => tracker.StartRunAsync(exp.ExperimentId, new RunStart("k", "r", 0, [], [new("a:b", "1")])));
        await Assert.ThrowsAsync<ArgumentException>(() => tracker.StartRunAsync(exp.ExperimentId, new RunStart("k", "r", 0, [], [new("a", "1"), new("a", "2")])));
        await tracker.StartRunAsync(exp.ExperimentId, new RunStart("k2", "r", 0, [], [new("long", new string('x', 7000))]));
        Assert.Equal(6000, store.Runs.Single(r => r.Tags["gvm.run_key"] == "k2").Params["long"].Length);
        Assert.Null(TrackingKeys.KeyProblem("train/loss"));
        Assert.NotNull(TrackingKeys.KeyProblem("a//b"));
    }

    [Fact]
    public void Params_flatten_to_dotted_names()
    {
        var ps = ParamFlattener.Flatten("""{"a":1,"b":{"c":"x","d":[1,2],"e":null,"f":true}}""");
        Assert.Equal([new("a", "1"), new("b.c", "x"), new("b.d", "[1,2]"), new("b.e", "null"), new("b.f", "true")], ps);
    }
}
