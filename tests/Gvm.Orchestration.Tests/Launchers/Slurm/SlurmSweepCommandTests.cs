using Gvm.Orchestration.Launchers.Slurm;
using Gvm.Orchestration.Ledger;
using Gvm.Orchestration.Sweeps;
using Gvm.Orchestration.Tests.Fakes;

namespace Gvm.Orchestration.Tests.Launchers.Slurm;

/// <summary><c>gvm sweep</c>'s runner with the grid's backend set to slurm: options, virtual slots and launcher wiring end to end.</summary>
[Collection(SlurmCollection.Name)]
[Trait("Category", "Slurm")]
public sealed class SlurmSweepCommandTests(SlurmCluster cluster)
{
    [Fact]
    public async Task A_grid_with_backend_slurm_runs_through_the_sweep_runner()
    {
        using var t = new TestSweep("""
            name: slurm-cli
            backend:
              launcher: slurm
              parallel: 3
              slurm: { time: "10", poll_s: 0.25 }
            stages:
              sft:
                spec: { algorithm: sft, schedule: { steps: 2 } }
              rl:
                needs: [sft]
                spec: { schedule: { steps: 2 } }
                axes: { algorithm: [grpo, gvm_grpo] }
                resources: { gpus: 1 }
            pairs:
              - { baseline: grpo, candidate: gvm_grpo }
            """);
        var output = new StringWriter();
        var code = await SweepRunner.RunAsync(new SweepOptions
        {
            Grid = t.GridPath, SweepDir = t.SweepDir, Trainer = $"/bin/bash {TestSweep.FakeTrainerPath} sleep=0.05", Progress = "plain",
            Retries = 0, MetricsIntervalSeconds = 0.1, LauncherOverrides = new Dictionary<string, Gvm.Orchestration.Launchers.LauncherSettings> { ["slurm"] = new SlurmSettings { ConfigFile = cluster.ConfigFile } },
        }, output);

        Assert.True(code == 0, output.ToString());
        Assert.Contains("3 succeeded", output.ToString());
        using var ledger = SweepLedger.Open(t.SweepDir);
        foreach (var row in ledger.All())
        {
            Assert.Equal(("slurm", RunState.Succeeded), (row.Launcher, row.State));
            Assert.Contains("#SBATCH --time=0-00:10:00", File.ReadAllText(Path.Combine(t.RunDir(row.RunId), "slurm-1.sh")));
        }
    }
}
