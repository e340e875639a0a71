using System.Diagnostics;
using Gvm.Orchestration.Ledger;
using Gvm.Orchestration.Tests.Fakes;

namespace Gvm.Orchestration.Tests.Sweeps;

/// <summary>
/// The orchestrator as a child process (<c>dotnet gvm.dll sweep</c>) with the fake trainer: SIGKILL it in the middle
/// of a multi-run sweep, run the same command again, and check that every run completed exactly once.
/// </summary>
public class KillAndResumeTests
{
    [Fact]
    public async Task Killing_the_orchestrator_mid_sweep_then_rerunning_completes_every_run_exactly_once()
    {
        using var t = new TestSweep(TestSweep.Grid("[1, 2]"));
        var plan = t.Plan();
        var sft = plan.Runs.Single(r => r.Stage == "sft").RunId;
        var rl = plan.Runs.Where(r => r.Stage == "rl").Select(r => r.RunId).ToList();

        using (var first = StartSweep(t))
        {
            await WaitUntilAsync(() => t.Lines(sft, "completions") == 1 && rl.Any(id => File.Exists(Path.Combine(t.RunDir(id), "status.json"))), first);
            first.Kill(); // SIGKILL, the orchestrator only: its trainers run on in their own sessions
            await first.WaitForExitAsync();
        }
        Assert.Contains(rl, id => t.Lines(id, "completions") == 0); // the kill really was mid-sweep

        using var second = StartSweep(t);
        var output = second.StandardOutput.ReadToEndAsync();
        var errors = second.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await second.WaitForExitAsync(timeout.Token);
        var log = await output + await errors;
        Assert.True(second.ExitCode == 0, log);

        using var ledger = SweepLedger.Open(t.SweepDir);
        foreach (var run in plan.Runs)
        {
            Assert.Equal(1, t.Lines(run.RunId, "completions"));
            Assert.Equal(1, t.Lines(run.RunId, "starts"));
            Assert.Equal(Enumerable.Range(1, run.Spec.Schedule.Steps).Select(i => (long)i), t.MetricSteps(run.RunId));
            var row = ledger.Get(run.RunId);
            Assert.Equal((RunState.Succeeded, 1), (row.State, row.Attempts));
            Assert.Equal(new FileInfo(Path.Combine(t.RunDir(run.RunId), "metrics.jsonl")).Length, row.MetricsOffset);
            AssertTrackedOnce(t, run.RunId, run.Spec.Schedule.Steps);
        }
        Assert.Contains("re-attached", log + string.Join("\n", rl.SelectMany(id => ledger.Events(id)).Select(e => e.Detail)));

        // Into MLflow (the local test server): one child run per planned run plus the sweep's parent, every point once.
        await using (var server = new Gvm.Tracking.LocalServer.LocalMlflowServer(new Gvm.Tracking.LocalServer.LocalServerOptions { DeduplicateMetrics = false }))
        {
            await Gvm.Tracking.Journal.MlflowPush.PushAsync(t.SweepDir, Gvm.Tracking.Stores.TrackingTarget.Parse(server.Uri.ToString()));
            Assert.Equal(plan.Runs.Count + 1, server.Runs.Count);
            foreach (var run in plan.Runs)
            {
                var mlflow = Assert.Single(server.Runs, r => r.Tags.GetValueOrDefault("gvm.run_key") == run.RunId);
                var points = mlflow.Metrics.SelectMany(m => m.Value.Select(p => (m.Key, p.Step))).ToList();
                Assert.Equal(points.Count, points.Distinct().Count());
            }
        }

        using var third = StartSweep(t); // everything succeeded: skips all and finishes at once
        await third.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, third.ExitCode);
        Assert.All(plan.Runs, r => Assert.Equal(1, t.Lines(r.RunId, "starts")));
    }

    /// <summary>The run's tracking journal: one run_start, and every (metric, step) point exactly once, for every step.</summary>
    private static void AssertTrackedOnce(TestSweep t, string runId, int steps)
    {
        var lines = File.ReadAllLines(Path.Combine(t.SweepDir, "tracking", "runs", runId + ".jsonl"))
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        // A re-attached run is started again in the journal under the same key: push finds it by gvm.run_key (checked below).
        Assert.All(lines.Where(l => l.GetProperty("type").GetString() == "run_start"), l => Assert.Equal(runId, l.GetProperty("key").GetString()));
        var points = lines.Where(l => l.GetProperty("type").GetString() == "metrics")
            .SelectMany(l => l.GetProperty("points").EnumerateArray())
            .Select(p => (Name: p[0].GetString()!, Step: p[3].GetInt64())).ToList();
        Assert.Equal(points.Count, points.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, steps).Select(i => (long)i), points.Select(p => p.Step).Distinct().Order());
    }

    private static Process StartSweep(TestSweep t) => GvmCli.Start(t.Dir,
    [
        "sweep", t.GridPath, "--sweep-dir", t.SweepDir, "--parallel", "2", "--progress", "plain",
        "--metrics-interval", "0.2", "--retry-backoff", "0", "--cancel-grace", "3", "--gpus", "",
        "--trainer", $"/bin/bash {TestSweep.FakeTrainerPath} sleep=1.0",
    ]);

    private static Task WaitUntilAsync(Func<bool> condition, Process orchestrator) =>
        GvmCli.WaitUntilAsync(condition, TimeSpan.FromSeconds(60), "the kill point of the sweep", orchestrator);
}
