using Gvm.Core.Metrics;
using Gvm.Core.Runs;
using Gvm.Core.Sweeps;
using Gvm.Tracking.Journal;
using Gvm.Tracking.LocalServer;
using Gvm.Tracking.Stores;
using Gvm.Tracking.Sweeps;
using Gvm.Tracking.Tests.Mlflow;

namespace Gvm.Tracking.Tests.Journal;

public sealed class JournalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gvm-journal-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static SweepPlan Plan(int runs) => new()
    {
        Name = "grid-a",
        SweepId = "sw1",
        Description = "test sweep",
        Runs = Enumerable.Range(0, runs).Select(i => new PlannedRun
        {
            RunId = $"run{i}",
            Name = $"rl/grpo/seed={i}",
            Stage = "rl",
            Cell = new Dictionary<string, string> { ["seed"] = $"{i}" },
            Spec = new RunSpec { Seed = i },
        }).ToList(),
    };

    private static MetricPoint[] Points(int run, int from, int count) =>
        Enumerable.Range(from, count).Select(s => new MetricPoint("train/loss", s == 3 ? double.NaN : run + s * 0.5, 1_000 + s, s)).ToArray();

    [Fact]
    public async Task Server_down_mid_sweep_then_push_loses_and_duplicates_nothing()
    {
        await using var server = new LocalMlflowServer(new LocalServerOptions { DeduplicateMetrics = false });
        var plan = Plan(3);
        var options = new BackgroundSenderOptions { Interval = TimeSpan.FromMilliseconds(20), DrainTimeout = TimeSpan.FromSeconds(10) };
        var sender = new BackgroundSender(_dir, new MlflowRestStore(TestClients.For(server, maxRetries: 1)), options);
        await using (var tracker = new JournalSweepTracker(_dir, sender))
        {
            await tracker.StartSweepAsync(plan);
            foreach (var r in plan.Runs) await tracker.StartRunAsync(r);
            foreach (var (r, i) in plan.Runs.Select((r, i) => (r, i))) await tracker.LogMetricsAsync(r.RunId, Points(i, 0, 700));
            await WaitUntil(() => server.Runs.Sum(r => r.MetricCount) == 2100);
            server.Down = true;
            foreach (var (r, i) in plan.Runs.Select((r, i) => (r, i)))
            {
                await tracker.LogMetricsAsync(r.RunId, Points(i, 700, 1300)); // journaled while the server is down
                await tracker.EndRunAsync(r.RunId, "succeeded");
            }
            await WaitUntil(() => sender.LastError is not null);
        }
        Assert.Equal(2100, server.Runs.Sum(r => r.MetricCount));
        server.Down = false;

        await using (var store = new MlflowRestStore(TestClients.For(server)))
        {
            var result = await new JournalForwarder(_dir, store).ForwardAsync();
            Assert.Equal(3 * 1300, result.Points);
            Assert.Equal(0, (await new JournalForwarder(_dir, store).ForwardAsync()).Points); // pushing again sends nothing
        }
        var parent = Assert.Single(server.Runs, r => r.Tags.GetValueOrDefault("gvm.run_key") == "sweep:sw1");
        Assert.Equal("FINISHED", parent.Status);
        foreach (var (r, i) in plan.Runs.Select((r, i) => (r, i)))
        {
            var run = Assert.Single(server.Runs, x => x.Tags.GetValueOrDefault("gvm.run_key") == r.RunId);
            Assert.Equal(parent.Id, run.Tags["mlflow.parentRunId"]);
            Assert.Equal("FINISHED", run.Status);
            Assert.Equal($"{i}", run.Params["seed"]); // the flattened RunSpec
            Assert.Equal(Points(i, 0, 2000), run.Metrics["train/loss"]); // every point once, in order (NaN included)
        }
    }

    [Fact]
    public async Task Push_resumes_after_a_failure_part_way()
    {
        await using var server = new LocalMlflowServer(new LocalServerOptions { DeduplicateMetrics = false });
        await using (var tracker = new JournalSweepTracker(_dir))
        {
            await tracker.StartSweepAsync(Plan(1));
            await tracker.StartRunAsync(Plan(1).Runs[0]);
            await tracker.LogMetricsAsync("run0", Points(0, 0, 2500)); // one record spanning three batches
            await tracker.EndRunAsync("run0", "failed");
        }
        await using var store = new MlflowRestStore(TestClients.For(server, maxRetries: 0));
        server.Inject(new ServerFault("runs/update", 500)); // first update = the run's end, after the metrics went
        await Assert.ThrowsAsync<Gvm.Tracking.Mlflow.MlflowException>(() => new JournalForwarder(_dir, store).ForwardAsync());
        await new JournalForwarder(_dir, store).ForwardAsync();
        var run = Assert.Single(server.Runs, r => r.Tags.GetValueOrDefault("gvm.run_key") == "run0");
        Assert.Equal(2500, run.Metrics["train/loss"].Count);
        Assert.Equal("FAILED", run.Status);
    }

    [Fact]
    public void Incomplete_last_line_is_not_read_until_complete()
    {
        using (var w = new JournalWriter(_dir)) w.AppendRun("r", new JournalRecord { Type = JournalRecordTypes.Metrics, Points = Points(0, 0, 2) });
        var path = JournalPaths.Run(_dir, "r");
        File.AppendAllText(path, "{\"type\":\"metr");
        Assert.Single(JournalReader.Read(path));
        using (var w = new JournalWriter(_dir)) w.AppendRun("r", new JournalRecord { Type = JournalRecordTypes.RunEnd, Status = "FINISHED" });
        Assert.Equal([JournalRecordTypes.Metrics, JournalRecordTypes.RunEnd], JournalReader.Read(path).Select(e => e.Record.Type));
    }

    [Fact]
    public void Journal_only_uris_make_no_store()
    {
        Assert.Null(TrackingStores.Create(TrackingTarget.Parse(null)));
        Assert.Null(TrackingStores.Create(TrackingTarget.Parse("file:///tmp/x")));
        Assert.Null(TrackingStores.Create(TrackingTarget.Parse("/tmp/mlruns")));
        Assert.IsType<InMemoryTrackingStore>(TrackingStores.Create(TrackingTarget.Parse("memory:")));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++) await Task.Delay(20);
        Assert.True(condition());
    }
}
