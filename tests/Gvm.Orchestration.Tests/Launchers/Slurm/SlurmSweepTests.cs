using Gvm.Core.Sweeps;
using Gvm.Orchestration.Launchers;
using Gvm.Orchestration.Launchers.Local;
using Gvm.Orchestration.Launchers.Slurm;
using Gvm.Orchestration.Ledger;
using Gvm.Orchestration.Progress;
using Gvm.Orchestration.Scheduling;
using Gvm.Orchestration.Sweeps;
using Gvm.Orchestration.Tests.Fakes;

namespace Gvm.Orchestration.Tests.Launchers.Slurm;

/// <summary>
/// A small grid (sft, then 4 rl runs with one GPU each) through the scheduler and the slurm launcher on the private
/// cluster: the rl jobs are submitted ahead behind afterok, the orchestrator crashes right after an sbatch whose job
/// id it never recorded, comes back while sft runs and the rl jobs queue, re-attaches, and a user scancels one run.
/// </summary>
[Collection(SlurmCollection.Name)]
[Trait("Category", "Slurm")]
public sealed class SlurmSweepTests(SlurmCluster cluster)
{
    private const string Grid = """
        name: slurm-t
        stages:
          sft:
            spec: { algorithm: sft, schedule: { steps: 3 } }
          rl:
            needs: [sft]
            spec: { schedule: { steps: 4 } }
            axes: { algorithm: [grpo, gvm_grpo], seed: [1, 2] }
            resources: { gpus: 1 }
        pairs:
          - { baseline: grpo, candidate: gvm_grpo }
        """;

    /// <summary>Slots for every run at once: Slurm, not the scheduler, decides what runs (2 fake GPUs).</summary>
    private static readonly SchedulerOptions Options = new()
    {
        Gpus = [0, 1, 2, 3, 4], Parallel = 5, Retries = 0, RetryBackoff = TimeSpan.Zero, CancelGrace = TimeSpan.FromSeconds(5),
        MetricsInterval = TimeSpan.FromMilliseconds(100),
    };

    [Fact]
    public async Task A_grid_completes_through_slurm_with_one_run_cancelled_and_a_restart_that_re_attaches_without_duplicates()
    {
        using var t = new TestSweep(Grid);
        var plan = t.Plan();
        await SweepFiles.WriteAsync(plan, t.SweepDir);
        var sft = plan.Runs.Single(r => r.Stage == "sft").RunId;
        var rl = plan.Runs.Where(r => r.Stage == "rl").Select(r => r.RunId).ToList();
        var launcherOptions = cluster.Options(TestSweep.Trainer("sleep=0.5"));

        // First orchestrator: dies on the 5th submission, after sbatch queued the job but before the ledger saw its id.
        using (var ledger = SweepLedger.Open(t.SweepDir))
        await using (var crashing = new CrashingLauncher(new SlurmLauncher(launcherOptions), crashAtSubmit: 5))
        {
            var scheduler = new SweepScheduler(plan, t.SweepDir, ledger, crashing, new RecordingTracker(), new PlainProgress(TextWriter.Null), Options);
            await Assert.ThrowsAsync<SimulatedCrashException>(() => scheduler.RunAsync());
            Assert.Contains(rl, id => ledger.Get(id) is { State: RunState.Running, Handle: null }); // queued in Slurm, unknown to the ledger
        }
        var atRestart = await WaitForStatesAsync(plan, jobs => jobs[sft] == "RUNNING");
        Assert.All(rl, id => Assert.Equal("PENDING", atRestart[id].State)); // queued behind afterok:<sft job>

        // Second orchestrator: re-attaches to all five jobs; a user cancels one rl job once it runs.
        var tracker = new RecordingTracker();
        SweepOutcome outcome;
        using (var ledger = SweepLedger.Open(t.SweepDir))
        await using (var launcher = new SlurmLauncher(launcherOptions))
        {
            var run = new SweepScheduler(plan, t.SweepDir, ledger, launcher, tracker, new PlainProgress(TextWriter.Null), Options).RunAsync();
            var status = Path.Combine(t.RunDir(rl[0]), "status.json");
            var running = await WaitForStatesAsync(plan, jobs => jobs[rl[0]] == "RUNNING" && File.Exists(status)); // the trainer is up
            await cluster.Cli.RunAsync("scancel", [running[rl[0]].JobId]);
            outcome = await run.WaitAsync(TimeSpan.FromSeconds(120));

            var rows = ledger.All().ToDictionary(r => r.RunId);
            Assert.Equal((4, 0, 1, 0), (outcome.Succeeded, outcome.Failed, outcome.Cancelled, outcome.Pending));
            Assert.Equal(RunState.Cancelled, rows[rl[0]].State);
            Assert.Contains("scancel", rows[rl[0]].Message);
            foreach (var id in plan.Runs.Select(r => r.RunId))
            {
                Assert.Equal(1, rows[id].Attempts);
                Assert.Equal(1, t.Lines(id, "starts"));
                Assert.Contains(ledger.Events(id), e => e.Detail?.Contains("re-attached", StringComparison.Ordinal) == true);
                if (id != rl[0]) Assert.Equal((RunState.Succeeded, 1), (rows[id].State, t.Lines(id, "completions")));
            }
            foreach (var id in rl)
            {
                Assert.True(rows[id].StartedAt < rows[sft].EndedAt, "rl was submitted ahead of sft's end");
                Assert.True(File.GetLastWriteTimeUtc(Path.Combine(t.RunDir(id), "starts")) >= File.GetLastWriteTimeUtc(Path.Combine(t.RunDir(sft), "completions")));
                Assert.Matches("^[01]$", File.ReadAllText(Path.Combine(t.RunDir(id), "gpus")).Trim());
            }
        }
        var all = await cluster.SweepJobsAsync(plan.SweepId);
        Assert.Equal(plan.Runs.Count, all.Count); // one Slurm job per run: nothing was submitted twice
    }

    [Fact]
    public async Task Dependents_queued_behind_a_failed_need_go_back_to_pending_and_queue_again_behind_its_retry()
    {
        using var t = new TestSweep(Grid.Replace("seed: [1, 2]", "seed: [1]", StringComparison.Ordinal));
        var plan = t.Plan();
        await SweepFiles.WriteAsync(plan, t.SweepDir);
        var sft = plan.Runs.Single(r => r.Stage == "sft").RunId;
        var rl = plan.Runs.Where(r => r.Stage == "rl").Select(r => r.RunId).ToList();
        // The sft run fails its first attempt; everything else is the plain fake trainer.
        var wrapper = Path.Combine(t.Dir, "sft-fails-once.sh");
        File.WriteAllText(wrapper, $$"""
            args=("$@"); spec=""; out=""
            while [ $# -gt 0 ]; do case "$1" in --spec) spec="$2"; shift 2 ;; --out) out="$2"; shift 2 ;; *) shift ;; esac; done
            if grep -Eq '"algorithm": *"sft"' "$spec" && [ ! -f "$out/failed_once" ]; then
              touch "$out/failed_once"; echo "sft fails once" >&2; exit 1
            fi
            exec /bin/bash {{TestSweep.FakeTrainerPath}} "${args[@]}"
            """);

        using var ledger = SweepLedger.Open(t.SweepDir);
        await using var launcher = new SlurmLauncher(cluster.Options(new TrainerCommand("/bin/bash", [wrapper, "sleep=0.3"])));
        var outcome = await new SweepScheduler(plan, t.SweepDir, ledger, launcher, new RecordingTracker(), new PlainProgress(TextWriter.Null),
            Options with { Retries = 1 }).RunAsync().WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(outcome.AllSucceeded, string.Join("\n", plan.Runs.SelectMany(r => ledger.Events(r.RunId)).Select(e => e.Detail)));
        Assert.Equal((2, 1), (ledger.Get(sft).Attempts, ledger.Get(sft).Failures));
        foreach (var id in rl)
        {
            Assert.Equal((2, 0), (ledger.Get(id).Attempts, ledger.Get(id).Failures)); // the first attempt never started
            Assert.Contains(ledger.Events(id), e => e.Detail?.Contains("depends on (afterok) did not succeed", StringComparison.Ordinal) == true);
            Assert.Equal((1, 1), (t.Lines(id, "starts"), t.Lines(id, "completions")));
        }
        Assert.Equal(2 + 2 * rl.Count, (await cluster.SweepJobsAsync(plan.SweepId)).Count);
    }

    /// <summary>Polls squeue until every run has a job and <paramref name="done"/> holds for the states by run id.</summary>
    private async Task<IReadOnlyDictionary<string, (string JobId, string State)>> WaitForStatesAsync(
        SweepPlan plan, Func<IReadOnlyDictionary<string, string>, bool> done)
    {
        var jobs = new Dictionary<string, (string JobId, string State)>();
        for (var i = 0; i < 600; i++)
        {
            jobs = (await cluster.SweepJobsAsync(plan.SweepId)).GroupBy(j => j.RunId).ToDictionary(g => g.Key, g => (g.Last().JobId, g.Last().State));
            if (plan.Runs.All(r => jobs.ContainsKey(r.RunId)) && done(jobs.ToDictionary(kv => kv.Key, kv => kv.Value.State))) return jobs;
            await Task.Delay(100);
        }
        Assert.Fail($"Slurm never reached the expected states: {string.Join(", ", jobs)}\n{cluster.Diagnostics()}");
        return jobs;
    }

    private sealed class SimulatedCrashException() : Exception("simulated orchestrator crash");

    /// <summary>Delegates to the real launcher until the n-th submission, then makes the scheduler die without stopping anything.</summary>
    private sealed class CrashingLauncher(IRunLauncher inner, int crashAtSubmit) : IRunLauncher
    {
        private readonly CancellationTokenSource _crash = new();
        private int _submits;

        public string Name => inner.Name;
        public bool QueuesDependencies => inner.QueuesDependencies;
        public bool EnforcesTimeLimit => inner.EnforcesTimeLimit;

        public async Task<LaunchHandle> SubmitAsync(LaunchRequest request, CancellationToken cancellationToken = default)
        {
            var handle = await inner.SubmitAsync(request, cancellationToken);
            if (Interlocked.Increment(ref _submits) < crashAtSubmit) return handle;
            await _crash.CancelAsync();
            throw new SimulatedCrashException();
        }

        public Task<LaunchHandle?> AttachAsync(LaunchRequest request, string? recordedHandle, CancellationToken cancellationToken = default) =>
            inner.AttachAsync(request, recordedHandle, cancellationToken);

        public async Task<LaunchOutcome> WaitAsync(LaunchHandle handle, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.WaitAsync(handle, _crash.Token);
            }
            catch (OperationCanceledException)
            {
                throw new SimulatedCrashException();
            }
        }

        public Task CancelAsync(LaunchHandle handle, TimeSpan grace, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("a crashing orchestrator cancels nothing");

        public async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            _crash.Dispose();
        }
    }
}
