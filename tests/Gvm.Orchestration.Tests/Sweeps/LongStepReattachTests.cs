using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Gvm.Core.Runs;
using Gvm.Orchestration.Ledger;
using Gvm.Orchestration.Tests.Fakes;

namespace Gvm.Orchestration.Tests.Sweeps;

/// <summary>
/// The stale rule against a real trainer whose steps last longer than the stale threshold: the orchestrator is
/// SIGKILLed during a long step and restarted after more than the threshold has passed. The trainer's heartbeat comes
/// from a timer, so the restarted orchestrator re-attaches to it (one attempt, one trainer process) instead of killing
/// it as stale.
/// </summary>
public class LongStepReattachTests
{
    private const double StaleSeconds = 1.5;

    // SFT of the tiny preset on batches of 1024 sequences: a step is about half a teraflop, seconds on any CPU thread,
    // so every step outlasts the 1.5 s stale threshold several times over (checked below from the metrics' times).
    private const string Grid = """
        name: longstep
        stages:
          sft:
            spec:
              algorithm: sft
              threads: 1
              seed: 5
              task: { levels: 2, train_size: 4096 }
              model: { preset: tiny }
              optim: { batch_size: 1024, lr: 0.001 }
              schedule: { steps: 2, eval_every: 0, checkpoint_every: 0 }
              eval: { per_level: 2, max_new_tokens: 8 }
        """;

    [Fact]
    public async Task A_trainer_in_a_step_longer_than_the_stale_threshold_is_reattached_not_killed()
    {
        using var t = new TestSweep(Grid);
        var runId = Assert.Single(t.Plan().Runs).RunId;
        var runDir = t.RunDir(runId);
        int trainerPid;

        using (var first = StartSweep(t))
        {
            // Step 0's evaluation is logged right before step 1 starts: from then on no step boundary comes for seconds.
            await GvmCli.WaitUntilAsync(() => Log(runDir).Contains("step 0 eval"), TimeSpan.FromMinutes(3), "the first step", first);
            trainerPid = int.Parse(File.ReadAllText(Path.Combine(runDir, "launch.pid")).Trim(), CultureInfo.InvariantCulture);
            first.Kill(); // SIGKILL, the orchestrator only
            await first.WaitForExitAsync();
        }
        // Longer than the stale threshold with no orchestrator: only the trainer's timer keeps status.json fresh.
        await Task.Delay(TimeSpan.FromSeconds(2 * StaleSeconds));
        Assert.True(Alive(trainerPid), "the trainer died with the orchestrator");
        Assert.False(File.Exists(Path.Combine(runDir, RunFiles.Metrics)) && Steps(runDir).Contains(1), "step 1 ended before the restart: the step was not long");

        using var second = StartSweep(t);
        var output = second.StandardOutput.ReadToEndAsync();
        var errors = second.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await second.WaitForExitAsync(limit.Token);
        var log = await output + await errors;
        Assert.True(second.ExitCode == 0, log);

        using var ledger = SweepLedger.Open(t.SweepDir);
        var row = ledger.Get(runId);
        Assert.Equal((RunState.Succeeded, 1), (row.State, row.Attempts));
        Assert.Contains(ledger.Events(runId), e => e.Detail?.Contains("re-attached", StringComparison.Ordinal) == true);
        Assert.Single(Log(runDir).Split('\n'), l => l.Contains("run 'sft", StringComparison.Ordinal)); // one trainer start, no restart
        Assert.Equal(trainerPid.ToString(CultureInfo.InvariantCulture), File.ReadAllText(Path.Combine(runDir, "launch.pid")).Trim());
        Assert.Equal([0, 1, 2], Steps(runDir));
        // The premise: each step took longer than the stale threshold.
        var times = File.ReadAllLines(Path.Combine(runDir, RunFiles.Metrics)).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("time").GetDouble()).ToArray();
        Assert.All(times.Zip(times.Skip(1), (a, b) => b - a), gap => Assert.True(gap > StaleSeconds, $"a step took {gap:0.0} s"));
    }

    private static Process StartSweep(TestSweep t) => GvmCli.Start(t.Dir,
    [
        "sweep", t.GridPath, "--sweep-dir", t.SweepDir, "--parallel", "1", "--progress", "plain", "--gpus", "",
        "--metrics-interval", "0.2", "--retries", "0", "--heartbeat-stale", StaleSeconds.ToString(CultureInfo.InvariantCulture),
        "--trainer", $"dotnet {GvmCli.Dll()} train --heartbeat 0.2",
    ]);

    private static string Log(string runDir)
    {
        var path = Path.Combine(runDir, RunFiles.Log);
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static List<int> Steps(string runDir) =>
        File.ReadAllLines(Path.Combine(runDir, RunFiles.Metrics)).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("step").GetInt32()).ToList();

    private static bool Alive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
