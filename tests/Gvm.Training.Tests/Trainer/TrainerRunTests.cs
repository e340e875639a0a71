using System.Text.Json;
using Gvm.Core.Runs;
using Gvm.Training.Checkpoints;
using Gvm.Training.State;
using Gvm.Training.Trainer;

namespace Gvm.Training.Tests.Trainer;

public class TrainerRunTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gvm-trainer-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A micro model on a small split: each run takes a few seconds on 2 cores.</summary>
    internal static RunSpec Micro(Algorithm algorithm, int steps) => new()
    {
        Name = "micro",
        Algorithm = algorithm,
        Seed = 3,
        Threads = 1,
        Task = new TaskOptions { Levels = 2, TrainSize = 300, LevelMix = [0.7, 0.3] },
        Model = new ModelOptions { Preset = "micro" },
        Sampling = new SamplingOptions { PromptsPerStep = 4, SamplesPerPrompt = 4, Presamples = 2, MaxNewTokens = 24 },
        Gvm = new GvmOptions { ExplorationFloor = 1 },
        Optim = new OptimOptions { Lr = 3e-3, BatchSize = 16, MiniBatchSize = 8, PpoEpochs = 2 },
        Schedule = new ScheduleOptions { Steps = steps, StepsPerIteration = 2, EvalEvery = 2, CheckpointEvery = 0 },
        Eval = new EvalOptions { PerLevel = 5, MaxNewTokens = 24 },
    };

    internal static readonly TrainerRunOptions Quiet = new() { HandleSignals = false, Echo = false };

    private static List<Dictionary<string, double>> ReadMetrics(string dir) =>
        File.ReadAllLines(Path.Combine(dir, RunFiles.Metrics))
            .Select(l => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(l)!)
            .Select(d => d.Where(kv => kv.Key != "time" && !kv.Key.StartsWith("perf/", StringComparison.Ordinal) && kv.Key != MetricNames.SecondsCum)
                .ToDictionary(kv => kv.Key, kv => kv.Value.GetDouble()))
            .ToList();

    [Theory]
    [InlineData(Algorithm.Sft, 6, 3)]
    [InlineData(Algorithm.GvmGrpo, 5, 3)]   // stops inside an EM iteration: the allocation must survive the restart
    [InlineData(Algorithm.RaftPlusPlus, 4, 2)]
    public void Kill_and_resume_reproduces_the_uninterrupted_metrics(Algorithm algorithm, int steps, int stopAfter)
    {
        var spec = Micro(algorithm, steps);
        var straight = Path.Combine(_root, "straight");
        var resumed = Path.Combine(_root, "resumed");

        Assert.Equal(ExitCodes.Success, new TrainerRun(spec, straight, Quiet).Run());
        Assert.Equal(ExitCodes.Interrupted, new TrainerRun(spec, resumed, Quiet with { StopAfterSteps = stopAfter }).Run());
        var status = JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(Path.Combine(resumed, RunFiles.Status)));
        Assert.Equal("interrupted", status.GetProperty("state").GetString());
        Assert.Equal(ExitCodes.Success, new TrainerRun(spec, resumed, Quiet).Run());

        var a = ReadMetrics(straight);
        var b = ReadMetrics(resumed);
        Assert.Equal(a.Count, b.Count);
        for (var i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Keys.Order(), b[i].Keys.Order());
            foreach (var (k, v) in a[i]) Assert.True(v.Equals(b[i][k]), $"line {i} {k}: {v} vs {b[i][k]}");
        }
        if (algorithm.UsesGvm())
            Assert.Equal(File.ReadAllLines(Path.Combine(straight, RunFiles.Allocations)), File.ReadAllLines(Path.Combine(resumed, RunFiles.Allocations)));
        Assert.True(File.Exists(Path.Combine(resumed, RunFiles.Final, ModelFiles.ConfigFile)));
        Assert.True(File.Exists(Path.Combine(resumed, RunFiles.Result)));
    }

    [Fact]
    public void An_eval_run_scores_a_checkpoint_as_the_run_that_wrote_it_did_at_its_end()
    {
        var sft = Path.Combine(_root, "sft");
        Assert.Equal(ExitCodes.Success, new TrainerRun(Micro(Algorithm.Sft, 2), sft, Quiet).Run());
        var spec = Micro(Algorithm.Eval, 2) with { Model = new ModelOptions { Preset = null, Checkpoint = Path.Combine(sft, RunFiles.Final) } };
        var eval = Path.Combine(_root, "eval");
        Assert.Equal(ExitCodes.Success, new TrainerRun(spec, eval, Quiet).Run());

        var last = ReadMetrics(sft)[^1];
        var only = Assert.Single(ReadMetrics(eval));
        Assert.Equal(0, only["step"]);
        static KeyValuePair<string, double>[] Evals(Dictionary<string, double> m) =>
            m.Where(kv => kv.Key.StartsWith("eval/", StringComparison.Ordinal)).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(Evals(only));
        Assert.Equal(Evals(last), Evals(only));
        Assert.True(File.Exists(Path.Combine(eval, RunFiles.Result)));
        Assert.False(Directory.Exists(Path.Combine(eval, RunFiles.Final)));
    }

    [Fact]
    public void A_crash_after_an_iteration_was_drawn_resumes_from_the_periodic_checkpoint_without_duplicate_lines()
    {
        // Checkpoints every 2 steps = every EM iteration: the crash lands after the draw at step 2 was written.
        var spec = Micro(Algorithm.GvmGrpo, 4) with { Schedule = new ScheduleOptions { Steps = 4, StepsPerIteration = 2, EvalEvery = 2, CheckpointEvery = 2 } };
        var straight = Path.Combine(_root, "straight");
        var crashed = Path.Combine(_root, "crashed");
        Assert.Equal(ExitCodes.Success, new TrainerRun(spec, straight, Quiet).Run());
        Assert.Equal(ExitCodes.Interrupted, new TrainerRun(spec, crashed, Quiet with { StopAfterSteps = 3 }).Run());
        // Make it a kill during step 3: its checkpoint never happened, `latest` names the periodic one of step 2.
        var checkpoints = Path.Combine(crashed, RunFiles.Checkpoints);
        Directory.Delete(Path.Combine(checkpoints, "step_000003"), recursive: true);
        File.WriteAllText(Path.Combine(checkpoints, TrainerCheckpoint.Latest), "step_000002");
        Assert.Equal(ExitCodes.Success, new TrainerRun(spec, crashed, Quiet).Run());

        Assert.Equal(File.ReadAllLines(Path.Combine(straight, RunFiles.Allocations)), File.ReadAllLines(Path.Combine(crashed, RunFiles.Allocations)));
        Assert.Equal(ReadMetrics(straight).Select(m => m["step"]), ReadMetrics(crashed).Select(m => m["step"]));
    }

    [Fact]
    public void A_checkpoint_named_by_latest_but_incomplete_falls_back_to_the_newest_complete_one()
    {
        var dir = Path.Combine(_root, "fallback");
        var spec = Micro(Algorithm.Sft, 4) with { Schedule = new ScheduleOptions { Steps = 4, EvalEvery = 0, CheckpointEvery = 1 } };
        Assert.Equal(ExitCodes.Success, new TrainerRun(spec, dir, Quiet).Run());
        var checkpoints = Path.Combine(dir, RunFiles.Checkpoints);
        Assert.Equal(["step_000003", "step_000004"], Directory.GetDirectories(checkpoints).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(Path.Combine(checkpoints, "step_000004"), TrainerCheckpoint.FindLatest(dir));
        // A kill while the final save replaced step 4's directory: `latest` names a directory that is gone.
        Directory.Delete(Path.Combine(checkpoints, "step_000004"), recursive: true);
        Assert.Equal(Path.Combine(checkpoints, "step_000003"), TrainerCheckpoint.FindLatest(dir));
        File.Delete(Path.Combine(checkpoints, "step_000003", "state.json"));
        Assert.Null(TrainerCheckpoint.FindLatest(dir));
    }

    [Fact]
    public void Stop_at_step_ends_early_on_the_full_schedule()
    {
        var full = Path.Combine(_root, "full");
        var cut = Path.Combine(_root, "cut");
        var spec = Micro(Algorithm.Sft, 6) with { Optim = new OptimOptions { Lr = 3e-3, BatchSize = 16, LrSchedule = LrSchedule.Cosine } };
        Assert.Equal(ExitCodes.Success, new TrainerRun(spec, full, Quiet).Run());
        Assert.Equal(ExitCodes.Success, new TrainerRun(spec with { Schedule = spec.Schedule with { StopAtStep = 3 } }, cut, Quiet).Run());
        double[] Losses(string dir) => ReadMetrics(dir).Where(x => x.ContainsKey(MetricNames.SftLoss)).Select(x => x[MetricNames.SftLoss]).ToArray();
        Assert.Equal(Losses(full)[..3], Losses(cut));
        Assert.True(File.Exists(Path.Combine(cut, RunFiles.Final, ModelFiles.ConfigFile)));
        Assert.True(ReadMetrics(cut).Last().ContainsKey(MetricNames.EvalAccuracy), "the last step is evaluated");
    }

    [Fact]
    public void Sft_loss_falls_and_every_step_carries_the_metric_names()
    {
        var dir = Path.Combine(_root, "sft");
        Assert.Equal(ExitCodes.Success, new TrainerRun(Micro(Algorithm.Sft, 10), dir, Quiet).Run());
        var m = ReadMetrics(dir);
        Assert.True(m[0].ContainsKey(MetricNames.EvalAccuracyLevel(2)), "step 0 evaluates before any update");
        var losses = m.Where(x => x.ContainsKey(MetricNames.SftLoss)).Select(x => x[MetricNames.SftLoss]).ToArray();
        Assert.Equal(10, losses.Length);
        Assert.True(losses[^2..].Average() < losses[..2].Average(), $"loss should fall: {string.Join(", ", losses)}");
    }

    [Fact]
    public void Rl_steps_log_every_contract_metric_and_allocations()
    {
        var dir = Path.Combine(_root, "gvm");
        Assert.Equal(ExitCodes.Success, new TrainerRun(Micro(Algorithm.GvmRaftPlusPlus, 2), dir, Quiet).Run());
        var step1 = ReadMetrics(dir).First(x => x.ContainsKey(MetricNames.Loss));
        foreach (var name in new[]
        {
            MetricNames.RewardMean, MetricNames.AcceptRate, MetricNames.SamplesStage1, MetricNames.SamplesStage2, MetricNames.SamplesTotalCum,
            MetricNames.Loss, MetricNames.Kl, MetricNames.Entropy, MetricNames.GradNorm, MetricNames.Lr, MetricNames.AllocMin, MetricNames.AllocMax,
            MetricNames.AllocGini, MetricNames.ZeroAllocPrompts, MetricNames.SingletonGroups, MetricNames.VarianceRatioPred,
            MetricNames.OptimizerUpdatesCum, MetricNames.RolloutsCum, MetricNames.TokensGeneratedCum,
        })
            Assert.True(step1.ContainsKey(name), $"missing {name}");
        Assert.Equal(16, step1[MetricNames.SamplesStage1]); // shard of 2 steps × 4 prompts × N' = 2, at the iteration start
        Assert.Equal(8, File.ReadAllLines(Path.Combine(dir, RunFiles.Allocations)).Length);
    }

    // Divergence (exit 3, a finite last checkpoint) for SFT and RL: CrashRecoveryTests.

    [CpuOnlyFact]
    public void Cuda_on_a_host_without_cuda_exits_2_naming_model_device()
    {
        var dir = Path.Combine(_root, "nocuda");
        var spec = Micro(Algorithm.GvmGrpo, 2) with { Model = new ModelOptions { Preset = "micro", Device = "cuda", Dtype = ModelDtype.Bfloat16 } };
        Assert.Equal(ExitCodes.InvalidInput, new TrainerRun(spec, dir, Quiet).Run());
        var status = JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(Path.Combine(dir, RunFiles.Status)));
        Assert.Equal("failed", status.GetProperty("state").GetString());
        Assert.Contains("model.device", File.ReadAllText(Path.Combine(dir, RunFiles.Status)));
    }

    [Fact]
    public void Bfloat16_weights_train_checkpoint_and_resume_on_cpu()
    {
        // The non-default placement path (Place, AdamW moments in bf16, float32 safetensors written from bf16 weights and
        // converted back on resume) exercised without a GPU.
        // float32 master weights are checkpointed, so the resumed run equals the uninterrupted one.
        var spec = Micro(Algorithm.GvmGrpo, 2) with { Model = new ModelOptions { Preset = "micro", Device = "cpu", Dtype = ModelDtype.Bfloat16 } };
        var dir = Path.Combine(_root, "bf16");
        var straight = Path.Combine(_root, "bf16-straight");
        Assert.Equal(ExitCodes.Success, new TrainerRun(spec, straight, Quiet).Run());
        Assert.Equal(ExitCodes.Interrupted, new TrainerRun(spec, dir, Quiet with { StopAfterSteps = 1 }).Run());
        Assert.Equal(ExitCodes.Success, new TrainerRun(spec, dir, Quiet).Run());
        Assert.All(ReadMetrics(dir).SelectMany(m => m.Values), v => Assert.True(double.IsFinite(v)));
        Assert.Equal(ReadMetrics(straight).Select(m => m.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToArray()),
            ReadMetrics(dir).Select(m => m.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToArray()));
        using var final = ModelFiles.Load(Path.Combine(dir, RunFiles.Final));
        Assert.Equal(TorchSharp.torch.ScalarType.Float32, final.Dtype);
    }

    [Fact]
    [Trait("Category", "Gpu")]
    public void Gvm_grpo_runs_two_steps_on_cuda_and_resumes_from_a_cuda_checkpoint()
    {
        var spec = Micro(Algorithm.GvmGrpo, 2) with
        {
            Model = new ModelOptions { Preset = "micro", Device = "cuda", Dtype = ModelDtype.Bfloat16 },
            Optim = new OptimOptions { Lr = 3e-3, BatchSize = 16, MiniBatchSize = 8, PpoEpochs = 2, UseKl = true },
        };
        var dir = Path.Combine(_root, "cuda");
        // Step 1, then an interruption: the checkpoint (weights as CPU safetensors, AdamW moments) is written from CUDA.
        Assert.Equal(ExitCodes.Interrupted, new TrainerRun(spec, dir, Quiet with { StopAfterSteps = 1 }).Run());
        // Step 2 after loading that checkpoint back onto CUDA.
        Assert.Equal(ExitCodes.Success, new TrainerRun(spec, dir, Quiet).Run());
        var metrics = ReadMetrics(dir);
        Assert.Contains(metrics, m => m.ContainsKey(MetricNames.EvalAccuracy));
        Assert.All(metrics.SelectMany(m => m.Values), v => Assert.True(double.IsFinite(v)));
        using var final = ModelFiles.Load(Path.Combine(dir, RunFiles.Final));
        Assert.Equal(TorchSharp.DeviceType.CPU, final.Device.type);
    }
}
