using Gvm.Core.Sweeps;
using Gvm.Orchestration.Launchers;
using Gvm.Orchestration.Launchers.Local;
using Gvm.Orchestration.Ledger;
using Gvm.Orchestration.Progress;
using Gvm.Orchestration.Scheduling;
using Gvm.Orchestration.Sweeps;
using Gvm.Orchestration.Tests.Fakes;

namespace Gvm.Orchestration.Tests.Scheduling;

/// <summary>The scheduler with the real local launcher and the fake trainer script (runs of 0.2-1 s).</summary>
public class SchedulerTests
{
    private static readonly SchedulerOptions Fast = new()
    {
        Parallel = 2, Retries = 0, RetryBackoff = TimeSpan.Zero, CancelGrace = TimeSpan.FromSeconds(3),
        MetricsInterval = TimeSpan.FromMilliseconds(100),
    };

    internal static async Task<(SweepOutcome Outcome, IReadOnlyDictionary<string, LedgerRow> Rows, SweepPlan Plan)> RunAsync(
        TestSweep t, SchedulerOptions options, TrainerCommand trainer, RecordingTracker? tracker = null, CancellationToken ct = default)
    {
        var plan = t.Plan();
        await SweepFiles.WriteAsync(plan, t.SweepDir, ct);
        using var ledger = SweepLedger.Open(t.SweepDir);
        await using var launcher = new LocalLauncher(new LocalLauncherOptions { Trainer = trainer, PollInterval = TimeSpan.FromMilliseconds(50) });
        var outcome = await new SweepScheduler(plan, t.SweepDir, ledger, launcher, tracker ?? new RecordingTracker(),
            new PlainProgress(TextWriter.Null), options).RunAsync(ct);
        return (outcome, ledger.All().ToDictionary(r => r.RunId), plan);
    }

    [Fact]
    public async Task Runs_succeed_in_dependency_order_with_every_metric_forwarded_once()
    {
        using var t = new TestSweep(TestSweep.Grid());
        var tracker = new RecordingTracker();
        var (outcome, rows, plan) = await RunAsync(t, Fast, TestSweep.Trainer("sleep=0.05"), tracker);

        Assert.True(outcome.AllSucceeded);
        var sft = plan.Runs.Single(r => r.Stage == "sft");
        foreach (var run in plan.Runs)
        {
            var row = rows[run.RunId];
            Assert.Equal((RunState.Succeeded, 1), (row.State, row.Attempts));
            if (run.Stage == "rl") Assert.True(row.StartedAt >= rows[sft.RunId].EndedAt);
            var steps = run.Spec.Schedule.Steps;
            Assert.Equal(Enumerable.Range(1, steps).Select(i => (long)i), tracker.Steps(run.RunId, "train/reward_mean"));
            Assert.Equal(1, t.Lines(run.RunId, "completions"));
            Assert.Equal(1, tracker.Starts[run.RunId]);
            Assert.Equal(new FileInfo(Path.Combine(t.RunDir(run.RunId), "metrics.jsonl")).Length, row.MetricsOffset);
        }
        Assert.Equal(plan.Runs.Count, tracker.Ends.Count(e => e.State == "succeeded"));
    }

    [Fact]
    public async Task A_failed_attempts_stderr_is_in_the_file_the_launcher_names_and_in_the_outcome()
    {
        using var t = new TestSweep(TestSweep.Grid());
        var run = t.Plan().Runs[0];
        Directory.CreateDirectory(t.RunDir(run.RunId));
        await File.WriteAllTextAsync(Path.Combine(t.RunDir(run.RunId), "spec.json"), run.Spec.ToJson());
        await using var launcher = new LocalLauncher(new LocalLauncherOptions { Trainer = TestSweep.Trainer("fail_until=2"), PollInterval = TimeSpan.FromMilliseconds(50) });
        var request = new LaunchRequest { SweepId = "s", RunId = run.RunId, Attempt = 1, RunDir = t.RunDir(run.RunId) };
        var outcome = await launcher.WaitAsync(await launcher.SubmitAsync(request));
        Assert.Equal(LaunchEnd.Failed, outcome.End);
        var logs = ((IRunLauncher)launcher).Logs(request);
        Assert.Contains("fake failure on attempt 1", await File.ReadAllTextAsync(logs.Stderr));
        Assert.True(File.Exists(logs.Stdout));
        Assert.Contains("fake failure on attempt 1", outcome.Message);
    }

    [Fact]
    public async Task A_failed_attempt_is_retried_and_resumes_from_its_checkpoint()
    {
        using var t = new TestSweep(TestSweep.Grid());
        var tracker = new RecordingTracker();
        var (outcome, rows, plan) = await RunAsync(t, Fast with { Retries = 1 }, TestSweep.Trainer("sleep=0.05", "fail_until=2"), tracker);

        Assert.True(outcome.AllSucceeded);
        foreach (var run in plan.Runs)
        {
            Assert.Equal((2, 1), (rows[run.RunId].Attempts, rows[run.RunId].Failures));
            Assert.Equal(Enumerable.Range(1, run.Spec.Schedule.Steps).Select(i => (long)i), t.MetricSteps(run.RunId));
        }
    }

    [Fact]
    public async Task Without_retries_a_failure_cancels_the_runs_that_need_it()
    {
        using var t = new TestSweep(TestSweep.Grid());
        var (outcome, rows, plan) = await RunAsync(t, Fast, TestSweep.Trainer("sleep=0.05", "fail_until=9"));

        Assert.Equal((0, 1, 2), (outcome.Succeeded, outcome.Failed, outcome.Cancelled));
        var sft = rows[plan.Runs.Single(r => r.Stage == "sft").RunId];
        Assert.Equal((RunState.Failed, 1), (sft.State, sft.ExitCode));
        Assert.Contains("stderr: fake failure on attempt 1", sft.Message);
        Assert.All(plan.Runs.Where(r => r.Stage == "rl"), r => Assert.StartsWith("needs sft, which failed", rows[r.RunId].Message));
    }

    [Fact]
    public async Task A_run_past_its_timeout_is_stopped_and_failed()
    {
        using var t = new TestSweep(TestSweep.Grid());
        // 3 s, not less: the fake trainer must have started (and set its SIGTERM trap) before the timeout fires, also
        // on a loaded CI machine; with 0.5 s a slow bash start let the kill arrive first and no status.json existed.
        var (outcome, rows, plan) = await RunAsync(t, Fast with { DefaultTimeout = TimeSpan.FromSeconds(3) }, TestSweep.Trainer("sleep=0.05", "hang=1"));

        var sft = rows[plan.Runs.Single(r => r.Stage == "sft").RunId];
        Assert.Equal(RunState.Failed, sft.State);
        Assert.StartsWith("TimedOut: timed out after 3 s", sft.Message);
        Assert.Equal(2, outcome.Cancelled);
        Assert.Contains("interrupted", await File.ReadAllTextAsync(Path.Combine(t.RunDir(sft.RunId), "status.json")));
    }

    [Fact]
    public async Task Fail_fast_stops_at_the_first_final_failure()
    {
        using var t = new TestSweep("name: t\nstages:\n  rl:\n    spec: { schedule: { steps: 2 } }\n    axes: { seed: [1, 2, 3] }\n");
        var (outcome, rows, _) = await RunAsync(t, Fast with { Parallel = 1, FailFast = true }, TestSweep.Trainer("sleep=0.05", "fail_until=9"));

        Assert.True(outcome.Stopped);
        Assert.Equal((1, 2), (outcome.Failed, outcome.Cancelled));
        Assert.Equal(2, rows.Values.Count(r => r is { State: RunState.Cancelled, Attempts: 0, Message: "fail-fast" }));
    }

    [Fact]
    public async Task Gpu_runs_are_packed_onto_disjoint_devices()
    {
        using var t = new TestSweep("name: t\nstages:\n  rl:\n    spec: { schedule: { steps: 3 } }\n    axes: { seed: [1, 2, 3] }\n    resources: { gpus: 2 }\n");
        var (outcome, _, plan) = await RunAsync(t, Fast with { Gpus = [0, 1, 2, 3], Parallel = 4 }, TestSweep.Trainer("sleep=0.1"));

        Assert.True(outcome.AllSucceeded);
        var devices = plan.Runs.Select(r => File.ReadAllText(Path.Combine(t.RunDir(r.RunId), "gpus")).Trim()).ToList();
        Assert.Equal(["0,1", "2,3"], devices.Take(2).Order());
        Assert.Contains(devices[2], new[] { "0,1", "2,3" });
    }

    [Fact]
    public async Task A_run_needing_more_gpus_than_the_host_has_is_refused_before_anything_starts()
    {
        using var t = new TestSweep("name: t\nstages:\n  rl:\n    resources: { gpus: 2 }\n");
        var e = await Assert.ThrowsAsync<SchedulerException>(() => RunAsync(t, Fast with { Gpus = [0] }, TestSweep.Trainer()));
        Assert.Contains("needs 2 GPU(s) but this host offers 1", e.Message);
    }

    [Fact]
    public async Task Cancelling_the_sweep_stops_runs_gracefully_and_records_them_cancelled()
    {
        using var t = new TestSweep(TestSweep.Grid());
        using var cts = new CancellationTokenSource();
        var plan = t.Plan();
        var sftDir = t.RunDir(plan.Runs.Single(r => r.Stage == "sft").RunId);
        var sweep = RunAsync(t, Fast, TestSweep.Trainer("sleep=0.1", "hang=1"), ct: cts.Token);
        while (!File.Exists(Path.Combine(sftDir, "status.json"))) await Task.Delay(50);
        await cts.CancelAsync();
        var (outcome, rows, _) = await sweep;

        Assert.True(outcome.Stopped);
        Assert.Equal(RunState.Cancelled, rows[plan.Runs.Single(r => r.Stage == "sft").RunId].State);
        Assert.Equal(2, outcome.Pending);
        Assert.Contains("interrupted", await File.ReadAllTextAsync(Path.Combine(sftDir, "status.json")));
    }
}
