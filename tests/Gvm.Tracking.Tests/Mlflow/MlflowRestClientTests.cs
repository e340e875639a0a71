using Gvm.Core.Metrics;
using Gvm.Tracking.LocalServer;
using Gvm.Tracking.Mlflow;

namespace Gvm.Tracking.Tests.Mlflow;

public class MlflowRestClientTests
{
    [Fact]
    public async Task Experiment_created_concurrently_is_fetched_instead()
    {
        await using var server = new LocalMlflowServer();
        using var client = TestClients.For(server);
        string? otherId = null;
        // Another client creates the name between our get-by-name (404) and our create (400 RESOURCE_ALREADY_EXISTS).
        server.BeforeRequest = path =>
        {
            if (path == "experiments/create" && otherId is null) otherId = server.CreateExperiment("race");
        };
        var exp = await client.GetOrCreateExperimentAsync("race");
        Assert.Equal(otherId, exp.ExperimentId);
        Assert.Single(server.Experiments, e => e.Name == "race");
    }

    [Fact]
    public async Task Param_relogged_with_other_value_is_a_400_and_not_retried()
    {
        await using var server = new LocalMlflowServer();
        using var client = TestClients.For(server);
        var exp = await client.GetOrCreateExperimentAsync("p");
        var run = await client.CreateRunAsync(exp.ExperimentId, "r", 1, []);
        await client.LogBatchAsync(run.RunId, [], [new("lr", "0.1")], []);
        await client.LogBatchAsync(run.RunId, [], [new("lr", "0.1")], []); // same value: accepted
        var before = server.RequestCount;
        var e = await Assert.ThrowsAsync<MlflowException>(() => client.LogBatchAsync(run.RunId, [], [new("lr", "0.2")], []));
        Assert.Equal(400, e.StatusCode);
        Assert.Equal("INVALID_PARAMETER_VALUE", e.ErrorCode);
        Assert.Equal(before + 1, server.RequestCount);
        Assert.Equal("0.1", (await client.GetRunAsync(run.RunId)).Params["lr"]);
    }

    [Fact]
    public async Task Rate_limit_then_success_is_retried()
    {
        await using var server = new LocalMlflowServer();
        using var client = TestClients.For(server);
        var exp = await client.GetOrCreateExperimentAsync("r");
        var run = await client.CreateRunAsync(exp.ExperimentId, "r", 1, []);
        server.Inject(new ServerFault("runs/log-batch", 429, "REQUEST_LIMIT_EXCEEDED", RetryAfterSeconds: 0));
        server.Inject(new ServerFault("runs/log-batch", 503));
        server.Inject(new ServerFault("runs/log-batch", Reset: true));
        var before = server.RequestCount;
        await client.LogBatchAsync(run.RunId, [new MetricPoint("loss", 1.5, 10, 0)], [], []);
        Assert.Equal(before + 4, server.RequestCount);
        Assert.Equal(1, server.Runs.Single().MetricCount);
    }

    [Fact]
    public async Task Transient_failures_give_up_after_max_retries()
    {
        await using var server = new LocalMlflowServer();
        using var client = TestClients.For(server, maxRetries: 2);
        for (var i = 0; i < 3; i++) server.Inject(new ServerFault("experiments/get-by-name", 500, "INTERNAL_ERROR"));
        var e = await Assert.ThrowsAsync<MlflowException>(() => client.GetExperimentByNameAsync("x"));
        Assert.Equal(500, e.StatusCode);
        Assert.Equal(3, server.RequestCount);
    }

    [Fact]
    public async Task Non_finite_values_round_trip_as_protobuf_strings()
    {
        await using var server = new LocalMlflowServer();
        using var client = TestClients.For(server);
        var exp = await client.GetOrCreateExperimentAsync("nan");
        var run = await client.CreateRunAsync(exp.ExperimentId, "r", 1, []);
        double[] values = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.25];
        await client.LogBatchAsync(run.RunId, values.Select((v, i) => new MetricPoint("m", v, 100 + i, i)).ToList(), [], []);
        var history = await client.GetMetricHistoryAsync(run.RunId, "m");
        Assert.Equal(values, history.Select(p => p.Value));
    }

    [Fact]
    public async Task Batches_over_the_limits_are_refused_before_sending()
    {
        await using var server = new LocalMlflowServer();
        using var client = TestClients.For(server);
        var metrics = Enumerable.Range(0, 1001).Select(i => new MetricPoint("m", i, i, i)).ToList();
        await Assert.ThrowsAsync<ArgumentException>(() => client.LogBatchAsync("x", metrics, [], []));
        Assert.Equal(0, server.RequestCount);
    }

    [Fact]
    public async Task Search_pages_and_tag_filter_find_run_by_key()
    {
        await using var server = new LocalMlflowServer();
        using var client = TestClients.For(server);
        var exp = await client.GetOrCreateExperimentAsync("s");
        for (var i = 0; i < 3; i++) await client.CreateRunAsync(exp.ExperimentId, $"r{i}", i, [new("gvm.run_key", $"k{i}")]);
        var page = await client.SearchRunsAsync([exp.ExperimentId], "tags.`gvm.run_key` = 'k1'");
        Assert.Equal("r1", Assert.Single(page.Runs).RunName);
        var first = await client.SearchRunsAsync([exp.ExperimentId], null, maxResults: 2);
        Assert.NotNull(first.NextPageToken);
        var all = new List<MlflowRun>();
        await foreach (var r in client.SearchAllRunsAsync([exp.ExperimentId], null)) all.Add(r);
        Assert.Equal(3, all.Count);
    }

    [Fact]
    public async Task Tags_set_and_delete_and_run_update_apply()
    {
        await using var server = new LocalMlflowServer();
        using var client = TestClients.For(server);
        var exp = await client.GetOrCreateExperimentAsync("t");
        var run = await client.CreateRunAsync(exp.ExperimentId, "before", 7, [new("mlflow.user", "alice")]);
        await client.SetTagAsync(run.RunId, "k", "v");
        await client.SetTagAsync(run.RunId, "gone", "x");
        await client.DeleteTagAsync(run.RunId, "gone");
        await client.UpdateRunAsync(run.RunId, MlflowRunStatus.Finished, 9, "after");
        var got = await client.GetRunAsync(run.RunId);
        Assert.Equal(("after", MlflowRunStatus.Finished, 9L, 7L), (got.RunName, got.Status, got.EndTime!.Value, got.StartTime));
        Assert.Equal("v", got.Tags["k"]);
        Assert.False(got.Tags.ContainsKey("gone"));
        var e = await Assert.ThrowsAsync<MlflowException>(() => client.DeleteTagAsync(run.RunId, "gone"));
        Assert.Equal((404, "RESOURCE_DOES_NOT_EXIST"), (e.StatusCode, e.ErrorCode));
        Assert.Null(await client.GetExperimentByNameAsync("missing"));
    }

    [Fact]
    public void Backoff_follows_urllib3_with_cap_and_retry_after()
    {
        var cap = TimeSpan.FromSeconds(120);
        var delays = Enumerable.Range(1, 7).Select(n => RetryBackoff.Delay(n, 2, cap, TimeSpan.Zero).TotalSeconds);
        Assert.Equal([0, 4, 8, 16, 32, 64, 120], delays);
        Assert.Equal(TimeSpan.FromSeconds(5), RetryBackoff.Delay(3, 2, cap, TimeSpan.Zero, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Options_read_credentials_and_refuse_non_http()
    {
        Assert.Throws<ArgumentException>(() => MlflowClientOptions.FromEnvironment("sqlite:///x.db"));
        var o = MlflowClientOptions.FromEnvironment("http://127.0.0.1:5000");
        Assert.Equal(7, o.MaxRetries);
        Assert.True(MlflowException.IsTransientStatus(429));
        Assert.False(MlflowException.IsTransientStatus(404));
    }
}
