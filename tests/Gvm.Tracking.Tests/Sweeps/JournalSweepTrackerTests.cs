using Gvm.Core.Metrics;
using Gvm.Tracking.Journal;
using Gvm.Tracking.LocalServer;
using Gvm.Tracking.Mlflow;
using Gvm.Tracking.Stores;
using Gvm.Tracking.Sweeps;
using Gvm.Tracking.Tests.Journal;
using Gvm.Tracking.Tests.Mlflow;

namespace Gvm.Tracking.Tests.Sweeps;

public sealed class JournalSweepTrackerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gvm-tracker-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task PushAsync(LocalMlflowServer server)
    {
        await using var store = new MlflowRestStore(TestClients.For(server));
        await new JournalForwarder(_dir, store).ForwardAsync();
    }

    [Fact]
    public async Task Factory_tracker_forwards_in_the_background_with_nested_runs_tags_and_params()
    {
        await using var server = new LocalMlflowServer();
        var plan = JournalTests.Plan(2);
        await using (var tracker = SweepTrackers.Create(TrackingTarget.Parse(server.Uri.ToString()), _dir))
        {
            await tracker.StartSweepAsync(plan);
            foreach (var r in plan.Runs)
            {
                await tracker.StartRunAsync(r);
                await tracker.LogMetricsAsync(r.RunId, [new MetricPoint("eval/accuracy", 0.5, 10, 1)]);
                await tracker.EndRunAsync(r.RunId, "succeeded");
            }
        }
        var exp = Assert.Single(server.Experiments, e => e.Name == "grid-a");
        var parent = Assert.Single(server.Runs, r => r.Tags.GetValueOrDefault("gvm.run_key") == "sweep:sw1");
        Assert.Equal("FINISHED", parent.Status);
        Assert.Equal("2", parent.Params["runs"]);
        Assert.Equal("0, 1", parent.Params["axis.seed"]);
        var child = Assert.Single(server.Runs, r => r.Tags.GetValueOrDefault("gvm.run_key") == "run1");
        Assert.Equal(exp.Id, child.ExperimentId);
        Assert.Equal(parent.Id, child.Tags["mlflow.parentRunId"]);
        Assert.Equal("rl/grpo/seed=1", child.Tags["mlflow.runName"]);
        foreach (var tag in new[] { "mlflow.user", "mlflow.source.name", "mlflow.note.content" }) Assert.True(child.Tags.ContainsKey(tag), tag);
        Assert.Equal("grpo", child.Params["algorithm"]);
        Assert.Equal("0.001", child.Params["gvm.alpha"]);
        Assert.Equal("FINISHED", child.Status);
    }

    [Fact]
    public async Task Restarted_sweep_continues_the_same_mlflow_runs()
    {
        await using var server = new LocalMlflowServer();
        var plan = JournalTests.Plan(1);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await using (var tracker = new JournalSweepTracker(_dir))
            {
                await tracker.StartSweepAsync(plan);
                await tracker.StartRunAsync(plan.Runs[0]);
                await tracker.LogMetricsAsync("run0", [new MetricPoint("train/loss", attempt, 100 + attempt, attempt)]);
                await tracker.EndRunAsync("run0", attempt == 0 ? "interrupted" : "succeeded");
            }
            await PushAsync(server);
        }
        var run = Assert.Single(server.Runs, r => r.Tags.GetValueOrDefault("gvm.run_key") == "run0");
        Assert.Equal(2, server.Runs.Count);
        Assert.Equal(2, run.Metrics["train/loss"].Count);
        Assert.Equal("FINISHED", run.Status);
    }

    [Fact]
    public async Task A_lost_answer_resent_is_dropped_as_a_duplicate()
    {
        await using var server = new LocalMlflowServer(); // SQL-store behaviour: identical points deduplicated
        await using (var tracker = new JournalSweepTracker(_dir))
        {
            await tracker.StartRunAsync(JournalTests.Plan(1).Runs[0]);
            await tracker.LogMetricsAsync("run0", Enumerable.Range(0, 50).Select(i => new MetricPoint("m", i, i, i)).ToList());
        }
        server.Inject(new ServerFault("runs/log-batch", AfterHandling: true));
        await PushAsync(server);
        Assert.Equal(50, server.Runs.Single().Metrics["m"].Count);
    }

    [Fact]
    public async Task Sweep_artifacts_are_uploaded_to_the_parent_run()
    {
        await using var server = new LocalMlflowServer();
        var report = Directory.CreateDirectory(Path.Combine(_dir, "report", "plots")).Parent!.FullName;
        File.WriteAllText(Path.Combine(report, "comparison.md"), "# table");
        File.WriteAllText(Path.Combine(report, "plots", "acc.svg"), "<svg/>");
        await using (var tracker = new JournalSweepTracker(Path.Combine(_dir, "sweep")))
        {
            await tracker.StartSweepAsync(JournalTests.Plan(0));
            await tracker.LogSweepArtifactsAsync(report);
            await tracker.EndSweepAsync("failed");
        }
        await using var store = new MlflowRestStore(TestClients.For(server));
        var result = await new JournalForwarder(Path.Combine(_dir, "sweep"), store).ForwardAsync();
        Assert.Equal(2, result.Artifacts);
        var parent = server.Runs.Single();
        Assert.Equal(["comparison.md", "plots/acc.svg"], parent.Artifacts.Keys.Order());
        Assert.Equal("FAILED", parent.Status);
    }

    [Fact]
    public async Task Bearer_and_basic_credentials_are_sent()
    {
        await using var server = new LocalMlflowServer();
        using (var c = new MlflowRestClient(new MlflowClientOptions { TrackingUri = server.Uri, Token = "t0k" }))
            await c.GetExperimentByNameAsync("x");
        Assert.Equal("Bearer t0k", server.LastAuthorization);
        using (var c = new MlflowRestClient(new MlflowClientOptions { TrackingUri = server.Uri, Username = "u", Password = "p" }))
            await c.GetExperimentByNameAsync("x");
        Assert.Equal("Basic dTpw", server.LastAuthorization);
    }

    [Fact]
    public async Task Metrics_of_a_run_never_started_still_reach_a_run_under_the_parent()
    {
        await using var server = new LocalMlflowServer();
        await using (var tracker = new JournalSweepTracker(_dir))
        {
            await tracker.StartSweepAsync(JournalTests.Plan(0));
            await tracker.LogMetricsAsync("resumed", [new MetricPoint("m", 1, 1, 1)]);
            await tracker.EndRunAsync("resumed", "succeeded");
        }
        await PushAsync(server);
        var run = Assert.Single(server.Runs, r => r.Tags.GetValueOrDefault("gvm.run_key") == "resumed");
        Assert.Single(run.Metrics["m"]);
        Assert.Equal("FINISHED", run.Status);
        Assert.True(run.Tags.ContainsKey("mlflow.parentRunId"));
    }

    [Fact]
    public async Task Invalid_metrics_are_refused_when_logged_not_when_forwarded()
    {
        await using var tracker = new JournalSweepTracker(_dir);
        await Assert.ThrowsAsync<ArgumentException>(() => tracker.LogMetricsAsync("r", [new MetricPoint("bad:key", 1, 1, 1)]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => tracker.LogMetricsAsync("r", [new MetricPoint("ok", 1, -1, 1)]));
        Assert.Equal(MlflowRunStatus.Killed, MlflowRunStatusNames.FromLedgerState("cancelled"));
        Assert.Equal(MlflowRunStatus.Failed, MlflowRunStatusNames.FromLedgerState("diverged"));
    }
}
