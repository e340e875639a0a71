using System.Diagnostics;
using Gvm.Core.IO;
using Gvm.Orchestration.Ledger;
using Gvm.Orchestration.Tests.Fakes;

namespace Gvm.Orchestration.Tests.Launchers.Slurm;

/// <summary>
/// <c>gvm sweep</c> as a child process with the grid's backend set to slurm: SIGKILL it once every job is in
/// Slurm (sft running, rl queued behind afterok), check the jobs live on, run the same command again.
/// </summary>
[Collection(SlurmCollection.Name)]
[Trait("Category", "Slurm")]
public sealed class SlurmKillAndResumeTests(SlurmCluster cluster)
{
    private const string Grid = """
        name: slurm-kill
        backend:
          launcher: slurm
          parallel: 5
          retries: 0
          slurm: { poll_s: 0.25 }
        stages:
          sft:
            spec: { algorithm: sft, schedule: { steps: 4 } }
          rl:
            needs: [sft]
            spec: { schedule: { steps: 3 } }
            axes: { algorithm: [grpo, gvm_grpo], seed: [1, 2] }
            resources: { gpus: 1 }
        pairs:
          - { baseline: grpo, candidate: gvm_grpo }
        """;

    [Fact]
    public async Task Killing_gvm_sweep_leaves_the_jobs_in_slurm_and_rerunning_it_re_attaches_without_resubmitting()
    {
        using var t = new TestSweep(Grid);
        var plan = t.Plan();
        var sft = plan.Runs.Single(r => r.Stage == "sft").RunId;

        using (var first = StartSweep(t))
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var jobs = await cluster.SweepJobsAsync(plan.SweepId);
                if (jobs.Count == plan.Runs.Count && jobs.Any(j => j.RunId == sft && j.State == "RUNNING")) break;
                if (first.HasExited) Assert.Fail($"gvm sweep exited early: {await first.StandardOutput.ReadToEndAsync()}{await first.StandardError.ReadToEndAsync()}");
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the sweep never had all its jobs in Slurm\n{cluster.Diagnostics()}");
                await Task.Delay(50);
            }
            first.Kill(); // SIGKILL: no graceful stop, the jobs stay with Slurm
            await first.WaitForExitAsync();
        }
        var left = await cluster.SweepJobsAsync(plan.SweepId);
        Assert.Contains(left, j => j.State is "PENDING" or "RUNNING");

        using var second = StartSweep(t);
        var output = second.StandardOutput.ReadToEndAsync();
        var errors = second.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await second.WaitForExitAsync(timeout.Token);
        var log = await output + await errors;
        Assert.True(second.ExitCode == 0, log);

        Assert.Equal(plan.Runs.Count, (await cluster.SweepJobsAsync(plan.SweepId)).Count);
        using var ledger = SweepLedger.Open(t.SweepDir);
        foreach (var run in plan.Runs)
        {
            Assert.Equal((1, 1), (t.Lines(run.RunId, "starts"), t.Lines(run.RunId, "completions")));
            Assert.Equal((RunState.Succeeded, 1), (ledger.Get(run.RunId).State, ledger.Get(run.RunId).Attempts));
        }
        Assert.Contains("re-attached", log);
    }

    private Process StartSweep(TestSweep t)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = t.Dir,
        };
        foreach (var a in new[]
                 {
                     GvmDll(), "sweep", t.GridPath, "--sweep-dir", t.SweepDir, "--progress", "plain", "--metrics-interval", "0.2",
                     "--cancel-grace", "3", "--slurm-conf", cluster.ConfigFile, "--trainer", $"/bin/bash {TestSweep.FakeTrainerPath} sleep=0.5",
                 })
        {
            psi.ArgumentList.Add(a);
        }
        return Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start");
    }

    /// <summary>gvm.dll of the same configuration as this test assembly (the test project builds the CLI first).</summary>
    private static string GvmDll()
    {
        var config = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var root = RepoPaths.FindRepoRoot() ?? throw new DirectoryNotFoundException("repository root (GvmExperiments.sln) not found");
        var dll = Path.Combine(root, "src", "Gvm.Cli", "bin", config, "net10.0", "gvm.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"build the CLI first: {dll}", dll);
    }
}
