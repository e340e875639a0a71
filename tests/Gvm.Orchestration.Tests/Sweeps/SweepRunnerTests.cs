using Gvm.Orchestration.Sweeps;
using Gvm.Orchestration.Tests.Fakes;
using Gvm.Tracking.LocalServer;

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
    public async Task A_tracked_sweep_sends_each_runs_files_and_ends_with_the_parent_runs_mlflow_address()
    {
        await using var server = new LocalMlflowServer(); // the local spec-following test server
        using var t = new TestSweep(TestSweep.Grid());
        var output = new StringWriter();
        Assert.Equal(0, await SweepRunner.RunAsync(Options(t) with { Tracking = Gvm.Tracking.Stores.TrackingTarget.Parse(server.Uri.ToString()) }, output));

        var parent = Assert.Single(server.Runs, r => r.Tags.GetValueOrDefault("gvm.kind") == "sweep");
        Assert.Contains($"MLflow UI: {server.Uri.ToString().TrimEnd('/')}/#/experiments/{parent.ExperimentId}/runs/{parent.Id}", output.ToString());
        var children = server.Runs.Where(r => r.Tags.GetValueOrDefault("mlflow.parentRunId") == parent.Id).ToList();
        Assert.Equal(t.Plan().Runs.Count, children.Count);
        Assert.All(children, c =>
        {
            Assert.Equal("FINISHED", c.Status);
            Assert.Contains("spec.json", c.Artifacts.Keys); // written by the orchestrator
            Assert.Contains("result.json", c.Artifacts.Keys); // written by the (fake) trainer at its end
        });
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
