using Docker.DotNet.Models;
using Gvm.Core.Runs;
using Gvm.Orchestration.Launchers;
using Gvm.Orchestration.Launchers.Docker;
using Gvm.Orchestration.Ledger;
using Gvm.Orchestration.Progress;
using Gvm.Orchestration.Scheduling;
using Gvm.Orchestration.Sweeps;
using Gvm.Orchestration.Tests.Fakes;
using Xunit.Abstractions;

namespace Gvm.Orchestration.Tests.Launchers.Docker;

/// <summary>The docker launcher against a real (private) engine, with the fake `gvm` baked into the real CPU recipe.</summary>
[Collection(DockerCollection.Name)]
public sealed class DockerLauncherEngineTests(DockerEngineFixture engine, ITestOutputHelper output)
{
    private const string Grid = """
        name: docker
        stages:
          rl:
            spec: { schedule: { steps: 3 } }
            axes: { algorithm: [grpo, gvm_grpo], seed: [1, 2, 3] }
        pairs:
          - { baseline: grpo, candidate: gvm_grpo }
        """;

    private DockerLauncherOptions Options(int memoryMb = 96) => new()
    {
        Endpoint = engine.Endpoint, Image = DockerEngineFixture.TrainerTag, DefaultMemoryMb = memoryMb, User = DockerLauncherOptions.CurrentUser(),
    };

    [DockerFact]
    public async Task A_grid_runs_in_containers_with_a_killed_run_a_failing_run_and_an_oom_run_reported_as_such()
    {
        foreach (var line in engine.Log) output.WriteLine(line);
        using var t = new TestSweep(Grid);
        var plan = t.Plan();
        await SweepFiles.WriteAsync(plan, t.SweepDir);
        using var ledger = SweepLedger.Open(t.SweepDir);
        var tracker = new RecordingTracker();
        await using var launcher = new DockerLauncher(Options());
        var options = new SchedulerOptions
        {
            Parallel = 2, Retries = 0, RetryBackoff = TimeSpan.Zero, CancelGrace = TimeSpan.FromSeconds(3), MetricsInterval = TimeSpan.FromMilliseconds(100),
        };
        string RunOf(string algorithm, int seed) =>
            plan.Runs.Single(r => r.Spec.Algorithm == (algorithm == "grpo" ? Algorithm.Grpo : Algorithm.GvmGrpo) && r.Spec.Seed == seed).RunId;
        var hanging = RunOf("gvm_grpo", 2);

        // Kill the hanging run from outside (as an operator or a node agent would) once it has started.
        using var client = engine.Client();
        var killer = Task.Run(async () =>
        {
            while (!File.Exists(Path.Combine(t.RunDir(hanging), "hanging"))) await Task.Delay(100);
            var found = await client.Containers.ListContainersAsync(new ContainersListParameters { Filters = DockerLabels.RunFilter(plan.SweepId, hanging) });
            await client.Containers.KillContainerAsync(found.Single().ID, new ContainerKillParameters { Signal = "SIGKILL" });
        });
        var sweep = new SweepScheduler(plan, t.SweepDir, ledger, launcher, tracker, new PlainProgress(TextWriter.Null), options);
        var outcome = await sweep.RunAsync().WaitAsync(TimeSpan.FromMinutes(3));
        await killer.WaitAsync(TimeSpan.FromSeconds(10));
        var rows = ledger.All().ToDictionary(r => r.RunId);
        foreach (var r in rows.Values) output.WriteLine($"{r.Name}: {r.State} exit {r.ExitCode} {r.Message}");

        Assert.Equal((3, 3), (outcome.Succeeded, outcome.Failed));
        foreach (var (a, seed) in new[] { ("grpo", 1), ("gvm_grpo", 1), ("gvm_grpo", 3) }) Assert.Equal(RunState.Succeeded, rows[RunOf(a, seed)].State);

        var diverged = rows[RunOf("grpo", 2)];
        Assert.Equal((RunState.Failed, 3), (diverged.State, diverged.ExitCode));
        Assert.Contains("diverged", diverged.Message);
        Assert.Contains("loss is NaN", diverged.Message); // the stderr tail, streamed from the container
        var killed = rows[hanging];
        Assert.Equal((RunState.Failed, 137), (killed.State, killed.ExitCode));
        Assert.Contains("SIGKILL from outside", killed.Message);
        var oom = rows[RunOf("grpo", 3)];
        Assert.Equal(RunState.Failed, oom.State);
        Assert.Contains("out of memory (limit 96 MB)", oom.Message);

        // Logs landed in the run directories; metrics were forwarded; no container is left behind.
        var ok = RunOf("grpo", 1);
        Assert.Contains("fake gvm: done", File.ReadAllText(Path.Combine(t.RunDir(ok), "stdout.log")));
        Assert.Equal([1L, 2L, 3L], tracker.Steps(ok, "train/reward_mean"));
        var left = await client.Containers.ListContainersAsync(new ContainersListParameters { All = true });
        Assert.DoesNotContain(left, c => c.Labels is not null && c.Labels.TryGetValue(DockerLabels.Sweep, out var s) && s == plan.SweepId);
    }

    [DockerFact]
    public async Task After_a_restart_the_live_attempt_is_found_by_label_and_a_superseded_one_is_removed()
    {
        using var t = new TestSweep(Grid);
        var plan = t.Plan();
        await SweepFiles.WriteAsync(plan, t.SweepDir);
        var run = plan.Runs.Single(r => r.Spec.Seed == 2 && r.Spec.Algorithm == Algorithm.GvmGrpo);
        var otherDir = Path.Combine(t.Dir, "other-run");
        Directory.CreateDirectory(otherDir);
        File.Copy(Path.Combine(t.RunDir(run.RunId), "spec.json"), Path.Combine(otherDir, "spec.json"));
        var live = new LaunchRequest { SweepId = plan.SweepId, RunId = run.RunId, Attempt = 1, RunDir = t.RunDir(run.RunId) };
        var superseded = new LaunchRequest { SweepId = "other-sweep", RunId = run.RunId, Attempt = 1, RunDir = otherDir };

        LaunchHandle first;
        await using (var before = new DockerLauncher(Options()))
        {
            first = await before.SubmitAsync(live);
            await before.SubmitAsync(superseded);
            while (!File.Exists(Path.Combine(live.RunDir, "hanging")) || !File.Exists(Path.Combine(otherDir, "hanging"))) await Task.Delay(100);
        } // the orchestrator dies here; both containers keep running

        await using var after = new DockerLauncher(Options());
        var handle = await after.AttachAsync(live, recordedHandle: null);
        Assert.Equal(first.Id, handle?.Id);
        // The ledger of the other sweep had moved on to attempt 2 (never started): attempt 1 is a leftover.
        Assert.Null(await after.AttachAsync(superseded with { Attempt = 2 }, recordedHandle: null));
        using var client = engine.Client();
        Assert.Empty(await client.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = DockerLabels.RunFilter("other-sweep", run.RunId) }));

        // SIGTERM reaches the trainer through docker-init; its last words reach stdout.log through the resumed log pump.
        // As the scheduler does: wait first, then stop (a stop with nobody waiting is leftover clean-up and removes it).
        var wait = after.WaitAsync(handle!);
        await after.CancelAsync(handle!, TimeSpan.FromSeconds(10));
        var outcome = await wait.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((LaunchEnd.Cancelled, 130), (outcome.End, outcome.ExitCode));
        Assert.Contains("SIGTERM, checkpointed", File.ReadAllText(Path.Combine(live.RunDir, "stdout.log")));
        Assert.Empty(await client.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = DockerLabels.RunFilter(plan.SweepId, run.RunId) }));
    }

    [DockerFact]
    public async Task A_gpu_request_on_a_host_without_the_nvidia_runtime_says_so()
    {
        using var t = new TestSweep(Grid);
        var plan = t.Plan();
        await SweepFiles.WriteAsync(plan, t.SweepDir);
        var run = plan.Runs[0];
        await using var launcher = new DockerLauncher(Options());
        var request = new LaunchRequest { SweepId = plan.SweepId, RunId = run.RunId, Attempt = 1, RunDir = t.RunDir(run.RunId), Gpus = [0, 1] };

        var e = await Assert.ThrowsAsync<LaunchException>(() => launcher.SubmitAsync(request));
        Assert.Contains("no NVIDIA container runtime", e.Message);
        Assert.Contains("could not select device driver", e.Message);
        using var client = engine.Client();
        Assert.Empty(await client.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = DockerLabels.RunFilter(plan.SweepId, run.RunId) }));
    }
}
