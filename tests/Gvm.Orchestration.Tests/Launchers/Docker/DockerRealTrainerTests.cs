using Gvm.Core.Runs;
using Gvm.Orchestration.Launchers.Docker;
using Gvm.Orchestration.Ledger;
using Gvm.Orchestration.Progress;
using Gvm.Orchestration.Scheduling;
using Gvm.Orchestration.Sweeps;
using Gvm.Orchestration.Tests.Fakes;
using Xunit.Abstractions;

namespace Gvm.Orchestration.Tests.Launchers.Docker;

/// <summary>
/// The real trainer in a container: `gvm` published self-contained (as the Image target does) into the CPU recipe on
/// the offline trixie base, then a tiny grid (SFT, GRPO and GVM-GRPO from its checkpoint, an eval stage) through the
/// docker launcher. Checks that TorchSharp loads and trains inside the image and that checkpoints cross containers
/// through the read-only mounts.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class DockerRealTrainerTests(DockerEngineFixture engine, ITestOutputHelper output)
{
    private const string RealTag = "gvm-trainer:test-real";

    private const string Grid = """
        name: docker-real
        defaults:
          threads: 1
          task: { kind: arith, levels: 2, train_size: 300 }
          model: { preset: micro }
          eval: { per_level: 10, max_new_tokens: 24 }
          sampling: { prompts_per_step: 4, samples_per_prompt: 4, presamples: 2, max_new_tokens: 24 }
        stages:
          sft:
            spec: { algorithm: sft, optim: { batch_size: 16, lr: 0.003 }, schedule: { steps: 4, eval_every: 4, checkpoint_every: 0 } }
          rl:
            needs: [sft]
            spec: { model: { preset: null }, schedule: { steps: 2, steps_per_iteration: 2, eval_every: 2, checkpoint_every: 0 } }
            axes: { algorithm: [grpo, gvm_grpo] }
          eval:
            for_each: rl
            spec: { algorithm: eval, model: { preset: null } }
        pairs:
          - { baseline: grpo, candidate: gvm_grpo }
        """;

    [DockerFact]
    public async Task The_published_trainer_runs_sft_rl_and_an_eval_stage_in_containers()
    {
        foreach (var line in engine.Log) output.WriteLine(line);
        var context = Directory.CreateTempSubdirectory("gvm-real-image-").FullName;
        try
        {
            var publish = Path.Combine(context, "publish");
            await engine.RunAsync("dotnet", ["publish", Path.Combine(engine.RepoRoot, "src", "Gvm.Cli", "Gvm.Cli.csproj"), "-c", "Release",
                "-r", "linux-x64", "--self-contained", "true", "-p:InvariantGlobalization=true", "-p:TorchBackend=cpu", "-o", publish],
                TimeSpan.FromMinutes(8));
            File.Copy(Path.Combine(engine.RepoRoot, "build", "images", "check-glibcxx.sh"), Path.Combine(context, "check-glibcxx.sh"));
            await engine.RunAsync("docker", ["build", "-q", "--network=none", "--build-arg", $"BASE={DockerEngineFixture.BaseTag}", "-t", RealTag,
                "-f", Path.Combine(engine.RepoRoot, "build", "images", "cpu", "Dockerfile"), context], TimeSpan.FromMinutes(3), ("DOCKER_BUILDKIT", "0"));
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }

        using var t = new TestSweep(Grid);
        var plan = t.Plan();
        await SweepFiles.WriteAsync(plan, t.SweepDir);
        using var ledger = SweepLedger.Open(t.SweepDir);
        await using var launcher = new DockerLauncher(new DockerLauncherOptions
        {
            Endpoint = engine.Endpoint, Image = RealTag, DefaultMemoryMb = 2048, User = DockerLauncherOptions.CurrentUser(),
        });
        var options = new SchedulerOptions { Parallel = 2, Retries = 0, RetryBackoff = TimeSpan.Zero, MetricsInterval = TimeSpan.FromMilliseconds(200) };
        var outcome = await new SweepScheduler(plan, t.SweepDir, ledger, launcher, new RecordingTracker(), new PlainProgress(TextWriter.Null), options)
            .RunAsync().WaitAsync(TimeSpan.FromMinutes(5));
        foreach (var r in ledger.All()) output.WriteLine($"{r.Name}: {r.State} exit {r.ExitCode} {r.Message}");

        Assert.Equal((5, 0), (outcome.Succeeded, outcome.Failed));
        foreach (var run in plan.Runs)
        {
            var result = File.ReadAllText(Path.Combine(t.RunDir(run.RunId), RunFiles.Result));
            Assert.Contains("\"state\": \"succeeded\"", result);
            Assert.Contains(MetricNames.EvalAccuracy, File.ReadAllText(Path.Combine(t.RunDir(run.RunId), RunFiles.Metrics)));
        }
        var sft = plan.Runs.Single(r => r.Stage == "sft");
        Assert.True(File.Exists(Path.Combine(t.RunDir(sft.RunId), RunFiles.Final, "model.safetensors")));
        Assert.All(plan.Runs.Where(r => r.Stage == "eval"), r => Assert.False(Directory.Exists(Path.Combine(t.RunDir(r.RunId), RunFiles.Final))));
    }
}
