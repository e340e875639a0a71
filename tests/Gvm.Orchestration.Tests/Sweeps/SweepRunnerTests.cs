using Gvm.Orchestration.Sweeps;
using Gvm.Orchestration.Tests.Fakes;

namespace Gvm.Orchestration.Tests.Sweeps;

public class SweepRunnerTests
{
    private static SweepOptions Options(TestSweep t) => new()
    {
        Grid = t.GridPath, SweepDir = t.SweepDir, Gpus = "", Progress = "plain", RetryBackoffSeconds = 0,
        MetricsIntervalSeconds = 0.1, Trainer = $"/bin/bash {TestSweep.FakeTrainerPath} sleep=0.02",
    };

    [Fact]
    public async Task A_second_sweep_on_a_locked_directory_refuses_to_start()
    {
        using var t = new TestSweep(TestSweep.Grid());
        Directory.CreateDirectory(t.SweepDir);
        await using var held = new FileStream(Path.Combine(t.SweepDir, SweepRunner.LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var output = new StringWriter();
        Assert.Equal(1, await SweepRunner.RunAsync(Options(t), output));
        Assert.Contains("another gvm sweep is running", output.ToString());
    }

    [Fact]
    public async Task Cells_differing_in_more_than_the_algorithm_are_not_paired_and_say_so()
    {
        using var t = new TestSweep("""
            name: t
            stages:
              rl:
                axes: { algorithm: [grpo], seed: [1] }
                include: [{ algorithm: gvm_grpo, seed: 1, samples: 16 }]
            pairs: [{ baseline: grpo, candidate: gvm_grpo }]
            """);
        var output = new StringWriter();
        Assert.Equal(0, await SweepRunner.RunAsync(Options(t), output));
        Assert.Contains("warning: pair 'GRPO vs GVM-GRPO' matched no runs", output.ToString());
    }

    [Fact]
    public async Task Running_a_finished_sweep_again_skips_every_run()
    {
        using var t = new TestSweep(TestSweep.Grid());
        Assert.Equal(0, await SweepRunner.RunAsync(Options(t), TextWriter.Null));
        var output = new StringWriter();
        Assert.Equal(0, await SweepRunner.RunAsync(Options(t), output));
        Assert.Contains("3 succeeded, 0 failed", output.ToString());
        Assert.All(t.Plan().Runs, r => Assert.Equal(1, t.Lines(r.RunId, "starts")));
    }
}
