using Gvm.Core.Metrics;
using Gvm.Core.Runs;
using Gvm.Core.Sweeps;
using Gvm.Tracking.Export;
using Gvm.Tracking.Journal;
using Gvm.Tracking.LocalServer;
using Gvm.Tracking.Mlflow;
using Gvm.Tracking.Stores;
using Gvm.Tracking.Sweeps;
using Gvm.Tracking.Tests.Journal;
using Gvm.Tracking.Tests.Mlflow;

namespace Gvm.Tracking.Tests.Sweeps;

/// <summary>
/// Issue 19: each child run gets its final files as artifacts, live and in replay, exactly once, and in the export.
/// Server: the local spec-following test server (LocalMlflowServer), whose artifact proxy follows MLflow's
/// mlflow-artifacts handlers (PUT upload, GET download, GET ?path= listing).
/// </summary>
public sealed class RunArtifactsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gvm-artifacts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] TrainFiles = ["allocations.jsonl", "pass_rates.jsonl", "result.json", "spec.json", "train.log"];

    /// <summary>run0 (grpo) succeeds, run1 (eval) succeeds, run2 fails, run3 is cancelled; each has its run files.</summary>
    private SweepPlan WriteRuns()
    {
        var plan = JournalTests.Plan(4);
        plan = plan with { Runs = plan.Runs.Select((r, i) => i == 1 ? r with { Spec = r.Spec with { Algorithm = Algorithm.Eval } } : r).ToList() };
        foreach (var run in plan.Runs)
        {
            var dir = Directory.CreateDirectory(SweepLayout.RunDir(_dir, run.RunId)).FullName;
            foreach (var f in TrainFiles) File.WriteAllText(Path.Combine(dir, f), $"{run.RunId} {f}\n");
            File.WriteAllText(Path.Combine(dir, RunFiles.Metrics), "{}\n"); // metrics go as metrics, not as a file
            Directory.CreateDirectory(Path.Combine(dir, RunFiles.Checkpoints, "step-1"));
            File.WriteAllText(Path.Combine(dir, RunFiles.Checkpoints, "step-1", "model.safetensors"), "weights");
        }
        var eval = Directory.CreateDirectory(Path.Combine(SweepLayout.RunDir(_dir, "run1"), RunFiles.Evaluation)).FullName;
        File.WriteAllText(Path.Combine(eval, "summary.json"), "{\"math500\": 0.5}");
        File.WriteAllText(Path.Combine(eval, "samples.jsonl"), "{}\n");
        return plan;
    }

    private static async Task RunSweepAsync(ISweepTracker tracker, SweepPlan plan)
    {
        await tracker.StartSweepAsync(plan);
        string[] states = ["succeeded", "succeeded", "failed", "cancelled"];
        foreach (var (run, i) in plan.Runs.Select((r, i) => (r, i)))
        {
            await tracker.StartRunAsync(run);
            await tracker.LogMetricsAsync(run.RunId, [new MetricPoint("train/loss", 1, 10, 1)]);
            await tracker.EndRunAsync(run.RunId, states[i]);
        }
    }

    private static ServerRun RunWithKey(LocalMlflowServer server, string key) => server.Runs.Single(r => r.Tags.GetValueOrDefault("gvm.run_key") == key);

    private static void AssertFinalFiles(LocalMlflowServer server)
    {
        Assert.Equal(TrainFiles, RunWithKey(server, "run0").Artifacts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(TrainFiles.Append("eval/samples.jsonl").Append("eval/summary.json").Order(StringComparer.Ordinal),
            RunWithKey(server, "run1").Artifacts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(TrainFiles, RunWithKey(server, "run2").Artifacts.Keys.Order(StringComparer.Ordinal)); // failed: attached too
        Assert.Empty(RunWithKey(server, "run3").Artifacts); // cancelled: resumes later, attached when it ends
        Assert.Equal("run1 train.log\n", System.Text.Encoding.UTF8.GetString(RunWithKey(server, "run1").Artifacts["train.log"]));
    }

    [Fact]
    public async Task Live_forwarding_uploads_each_finished_runs_files_once()
    {
        await using var server = new LocalMlflowServer();
        var plan = WriteRuns();
        var options = new BackgroundSenderOptions { Interval = TimeSpan.FromMilliseconds(20) };
        await using (var tracker = new JournalSweepTracker(_dir, new BackgroundSender(_dir, new MlflowRestStore(TestClients.For(server)), options)))
            await RunSweepAsync(tracker, plan);

        AssertFinalFiles(server);
        Assert.Equal(3 * TrainFiles.Length + 2, server.ArtifactUploads); // each file once, however many passes ran
        var run1 = RunWithKey(server, "run1");
        Assert.Equal("application/json", server.ArtifactContentTypes[(run1.Id, "eval/summary.json")]);
        Assert.Equal("FINISHED", run1.Status);
        Assert.Equal("KILLED", RunWithKey(server, "run3").Status);

        // What a person sees through the artifact API: the run's root, then eval/.
        using var client = TestClients.For(server);
        var root = await client.ListArtifactsAsync(run1.ArtifactUri);
        Assert.Contains(root, f => f is { Path: "eval", IsDir: true, FileSize: null });
        Assert.Contains(root, f => f.Path == "spec.json" && !f.IsDir && f.FileSize == "run1 spec.json\n".Length);
        Assert.Equal(["samples.jsonl", "summary.json"], (await client.ListArtifactsAsync(run1.ArtifactUri, "eval")).Select(f => f.Path));
    }

    [Fact]
    public async Task Push_replays_artifacts_once_and_a_second_push_uploads_nothing()
    {
        await using var server = new LocalMlflowServer();
        var plan = WriteRuns();
        await using (var tracker = new JournalSweepTracker(_dir)) // no server during the sweep: journal only
            await RunSweepAsync(tracker, plan);

        await using (var store = new MlflowRestStore(TestClients.For(server)))
        {
            var first = await new JournalForwarder(_dir, store).ForwardAsync();
            Assert.Equal(3 * TrainFiles.Length + 2, first.Artifacts);
            var second = await new JournalForwarder(_dir, store).ForwardAsync();
            Assert.Equal(0, second.Artifacts);
            Assert.Equal(0, second.Points);
        }
        AssertFinalFiles(server);
        Assert.Equal(3 * TrainFiles.Length + 2, server.ArtifactUploads);
    }

    [Fact]
    public async Task A_push_that_fails_mid_run_resumes_at_the_file_that_failed()
    {
        await using var server = new LocalMlflowServer();
        var plan = WriteRuns();
        await using (var tracker = new JournalSweepTracker(_dir))
            await RunSweepAsync(tracker, plan);

        // The server goes away at the third upload (no retries): run0's first two files are sent and recorded.
        var uploadsSeen = 0;
        server.BeforeRequest = endpoint =>
        {
            if (endpoint.Contains("mlflow-artifacts", StringComparison.Ordinal) && ++uploadsSeen == 3) server.Down = true;
        };
        await using (var store = new MlflowRestStore(TestClients.For(server, maxRetries: 0)))
            await Assert.ThrowsAsync<MlflowException>(() => new JournalForwarder(_dir, store).ForwardAsync());
        server.Down = false;
        server.BeforeRequest = null;
        var before = server.ArtifactUploads;

        await using (var store = new MlflowRestStore(TestClients.For(server)))
            await new JournalForwarder(_dir, store).ForwardAsync();
        AssertFinalFiles(server);
        Assert.Equal(2, before);
        Assert.Equal(3 * TrainFiles.Length + 2, server.ArtifactUploads); // nothing uploaded twice
    }

    [Fact]
    public async Task Export_copies_each_child_runs_files_into_its_artifacts_folder()
    {
        var plan = WriteRuns();
        await using (var tracker = new JournalSweepTracker(_dir))
            await RunSweepAsync(tracker, plan);

        var mlruns = Path.Combine(_dir, "mlruns");
        var result = MlrunsExporter.Export(_dir, mlruns);
        Assert.Equal(3 * TrainFiles.Length + 2, result.ArtifactFiles);
        string ArtifactsOf(string key) => Path.Combine(mlruns, result.ExperimentId, MlrunsExporter.DefaultRunId(result.ExperimentName, key), "artifacts");
        Assert.Equal("{\"math500\": 0.5}", File.ReadAllText(Path.Combine(ArtifactsOf("run1"), "eval", "summary.json")));
        Assert.Equal("run0 spec.json\n", File.ReadAllText(Path.Combine(ArtifactsOf("run0"), "spec.json")));
        Assert.False(File.Exists(Path.Combine(ArtifactsOf("run0"), "metrics.jsonl")));
        Assert.Empty(Directory.GetFileSystemEntries(ArtifactsOf("run3")));
    }

    [Fact]
    public async Task The_experiment_name_can_be_chosen_and_the_parent_run_keeps_the_grid_name()
    {
        await using var server = new LocalMlflowServer();
        await using (var tracker = new JournalSweepTracker(_dir, experimentName: "team-rl"))
            await tracker.StartSweepAsync(JournalTests.Plan(0));
        await using (var store = new MlflowRestStore(TestClients.For(server)))
            await new JournalForwarder(_dir, store).ForwardAsync();

        var experiment = Assert.Single(server.Experiments, e => e.Name == "team-rl");
        var parent = Assert.Single(server.Runs);
        Assert.Equal(experiment.Id, parent.ExperimentId);
        Assert.Equal("grid-a", parent.Name);
        Assert.Equal($"{server.Uri.ToString().TrimEnd('/')}/#/experiments/{experiment.Id}/runs/{parent.Id}", MlflowPush.ParentRunUrl(_dir, TrackingTarget.Parse(server.Uri.ToString())));
        Assert.Null(MlflowPush.ParentRunUrl(_dir, TrackingTarget.Parse("http://127.0.0.1:9/"))); // never pushed there
        Assert.Null(MlflowPush.ParentRunUrl(_dir, TrackingTarget.Parse(Path.Combine(_dir, "mlruns")))); // journal only: no server, no URL
    }

    [Fact]
    public async Task The_artifact_proxy_refuses_paths_that_climb_out_of_the_run()
    {
        await using var server = new LocalMlflowServer();
        using var client = TestClients.For(server);
        var experiment = await client.GetOrCreateExperimentAsync("e");
        var run = await client.CreateRunAsync(experiment.ExperimentId, "r", 1, []);
        var file = Path.Combine(_dir, "a.txt");
        File.WriteAllText(file, "x");
        using var http = new HttpClient();
        var bad = await http.PutAsync($"{server.Uri}api/2.0/mlflow-artifacts/artifacts/{experiment.ExperimentId}/{run.RunId}/artifacts/a/%2E%2E/%2E%2E/x", new StringContent("x"));
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Contains("Invalid path", await bad.Content.ReadAsStringAsync());

        Assert.True(await client.UploadArtifactAsync(run.ArtifactUri, "d/a.txt", file));
        Assert.Equal("x", await http.GetStringAsync($"{server.Uri}api/2.0/mlflow-artifacts/artifacts/{experiment.ExperimentId}/{run.RunId}/artifacts/d/a.txt"));
        var listed = await http.GetStringAsync($"{server.Uri}api/2.0/mlflow/artifacts/list?run_id={run.RunId}&path=d");
        Assert.Contains("\"path\":\"d/a.txt\"", listed);
        Assert.Contains("\"root_uri\":\"mlflow-artifacts:/", listed);
        Assert.False(await client.UploadArtifactAsync("s3://bucket/1/r/artifacts", "a.txt", file)); // not proxied: nothing sent
    }
}
