using System.Text.Json;
using Gvm.Core.Runs;
using Gvm.Training.Rl;
using Gvm.Training.Trainer;

namespace Gvm.Training.Tests.Rl;

/// <summary>
/// The training semantics of the authors' code that change results (docs/trainer.md, "Algorithms"): RAFT++ trains on
/// every sample, paired runs make equal optimizer updates, an empty GVM allocation falls back to uniform, and EM
/// iterations can restart AdamW and the KL reference as the authors' relaunches do.
/// </summary>
public class RlSemanticsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gvm-rl-semantics-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly TrainerRunOptions Quiet = new() { HandleSignals = false, Echo = false };

    /// <summary>The micro model on the built-in task: it solves nothing, so almost every sample is rejected.</summary>
    private static RunSpec Micro(Algorithm algorithm, int steps = 4) => new()
    {
        Name = "micro",
        Algorithm = algorithm,
        Seed = 3,
        Threads = 1,
        Task = new TaskOptions { Levels = 2, TrainSize = 300 },
        Model = new ModelOptions { Preset = "micro" },
        Sampling = new SamplingOptions { PromptsPerStep = 4, SamplesPerPrompt = 4, Presamples = 2, MaxNewTokens = 16 },
        Optim = new OptimOptions { Lr = 3e-3, MiniBatchSize = 8, PpoEpochs = 2 },
        Schedule = new ScheduleOptions { Steps = steps, StepsPerIteration = 2, EvalEvery = 0, CheckpointEvery = 0 },
        Eval = new EvalOptions { PerLevel = 2, MaxNewTokens = 16 },
    };

    private List<Dictionary<string, JsonElement>> Run(RunSpec spec, string name)
    {
        var dir = Path.Combine(_root, name);
        Assert.Equal(ExitCodes.Success, new TrainerRun(spec, dir, Quiet).Run());
        return File.ReadAllLines(Path.Combine(dir, RunFiles.Metrics))
            .Select(l => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(l)!)
            .Where(d => d.ContainsKey(MetricNames.Updates)).ToList();
    }

    [Fact]
    public void Raft_plus_plus_trains_on_rejected_samples_too()
    {
        var steps = Run(Micro(Algorithm.RaftPlusPlus), "raft");
        Assert.NotEmpty(steps);
        foreach (var m in steps)
        {
            // 4 prompts × 4 samples = 16 samples per step; mini_batch_size 8 → 2 updates per epoch, 2 epochs. If rejected
            // samples were dropped, the micro model (reward ~0) would leave nothing to update on.
            Assert.True(m[MetricNames.AcceptRate].GetDouble() < 1);
            Assert.Equal(4, m[MetricNames.Updates].GetDouble());
            Assert.Equal(8, m[MetricNames.MiniBatchSize].GetDouble());
            Assert.True(m[MetricNames.Kl].GetDouble() >= 0);
        }
    }

    [Theory]
    [InlineData(Algorithm.RaftPlusPlus, Algorithm.GvmRaftPlusPlus)]
    [InlineData(Algorithm.Grpo, Algorithm.GvmGrpo)]
    public void Paired_runs_make_the_same_optimizer_updates_at_every_step(Algorithm baseline, Algorithm candidate)
    {
        // An exploration floor and uneven n_i: GVM steps draw other sample counts than the baseline's 16.
        var gvm = new GvmOptions { ExplorationFloor = 1, MaxPerPrompt = 12 };
        var b = Run(Micro(baseline) with { Gvm = gvm }, "b");
        var c = Run(Micro(candidate) with { Gvm = gvm }, "c");
        Assert.Equal(b.Count, c.Count);
        for (var i = 0; i < b.Count; i++)
        {
            Assert.Equal(b[i][MetricNames.Updates].GetDouble(), c[i][MetricNames.Updates].GetDouble());
            Assert.Equal(b[i][MetricNames.OptimizerUpdatesCum].GetDouble(), c[i][MetricNames.OptimizerUpdatesCum].GetDouble());
        }
    }

    [Fact]
    public void The_authors_update_ratio_gives_gvm_samples_per_prompt_times_more_updates()
    {
        var spec = Micro(Algorithm.GvmGrpo) with { Optim = Micro(Algorithm.GvmGrpo).Optim with { AuthorsUpdateRatio = true } };
        Assert.Equal(2, RlStepRunner.MiniBatchesPerEpoch(spec with { Algorithm = Algorithm.Grpo }));
        Assert.Equal(2, RlStepRunner.MiniBatchesPerEpoch(spec with { Optim = spec.Optim with { AuthorsUpdateRatio = false } }));
        Assert.Equal(8, RlStepRunner.MiniBatchesPerEpoch(spec)); // mini-batch 8 / N 4 = 2 samples: 16 / 2
    }

    [Fact]
    public void An_allocation_that_allocates_nothing_falls_back_to_uniform_and_says_so()
    {
        // The micro model accepts nothing, so every p̂ = 0 and the plain rule allocates no sample at all.
        var dir = Path.Combine(_root, "fallback");
        Assert.Equal(ExitCodes.Success, new TrainerRun(Micro(Algorithm.GvmRaftPlusPlus), dir, Quiet).Run());
        var allocations = File.ReadAllLines(Path.Combine(dir, RunFiles.Allocations)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2 * 8, allocations.Count); // 2 iterations × 8 prompts
        Assert.All(allocations, a =>
        {
            Assert.Equal(0, a.GetProperty("accept_rate").GetDouble());
            Assert.Equal(4, a.GetProperty("n").GetInt32());
            Assert.True(a.GetProperty("uniform_fallback").GetBoolean());
        });
        var steps = File.ReadAllLines(Path.Combine(dir, RunFiles.Metrics)).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(m => m.TryGetProperty(MetricNames.UniformFallback, out _)).ToList();
        Assert.All(steps, m =>
        {
            Assert.Equal(1, m.GetProperty(MetricNames.UniformFallback).GetDouble());
            Assert.Equal(16, m.GetProperty(MetricNames.SamplesStage2).GetDouble());
        });
    }

    [Fact]
    public void Resetting_each_iteration_makes_the_reference_the_iterations_start_model()
    {
        // One update per step: the first update of an iteration sees policy = reference, so its KL is exactly 0.
        var spec = Micro(Algorithm.Grpo, steps: 6) with
        {
            Optim = new OptimOptions { Lr = 3e-3, MiniBatchSize = 16, PpoEpochs = 1 },
            Schedule = Micro(Algorithm.Grpo).Schedule with { Steps = 6, StepsPerIteration = 3 },
        };
        var continuous = Run(spec, "continuous");
        var reset = Run(spec with { Gvm = new GvmOptions { ResetEachIteration = true } }, "reset");
        Assert.Equal(0, continuous[0][MetricNames.Kl].GetDouble());
        Assert.Equal(0, reset[0][MetricNames.Kl].GetDouble());
        Assert.True(continuous[3][MetricNames.Kl].GetDouble() > 0, "without the reset the reference stays the start model");
        Assert.Equal(0, reset[3][MetricNames.Kl].GetDouble());
        // The first iteration is the same run either way.
        for (var i = 0; i < 3; i++) Assert.Equal(continuous[i][MetricNames.Loss].GetDouble(), reset[i][MetricNames.Loss].GetDouble());
    }

    [Fact]
    public void A_run_that_resets_each_iteration_resumes_exactly_inside_an_iteration()
    {
        var spec = Micro(Algorithm.GvmGrpo, steps: 6) with
        {
            Gvm = new GvmOptions { ExplorationFloor = 1, ResetEachIteration = true },
            Schedule = Micro(Algorithm.GvmGrpo).Schedule with { Steps = 6, StepsPerIteration = 3 },
        };
        var straight = Path.Combine(_root, "straight");
        var resumed = Path.Combine(_root, "resumed");
        Assert.Equal(ExitCodes.Success, new TrainerRun(spec, straight, Quiet).Run());
        Assert.Equal(ExitCodes.Interrupted, new TrainerRun(spec, resumed, Quiet with { StopAfterSteps = 4 }).Run());
        Assert.Equal(ExitCodes.Success, new TrainerRun(spec, resumed, Quiet).Run());
        static string[] Lines(string dir) => File.ReadAllLines(Path.Combine(dir, RunFiles.Metrics))
            .Select(l => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(l)!)
            .Select(d => string.Join(",", d.Where(kv => kv.Key != "time" && !kv.Key.StartsWith("perf/", StringComparison.Ordinal) && kv.Key != MetricNames.SecondsCum)
                .OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}")))
            .ToArray();
        Assert.Equal(Lines(straight), Lines(resumed));
    }

    [Fact]
    public void Pass_rates_name_every_sampled_prompt_of_every_step()
    {
        var dir = Path.Combine(_root, "pass");
        Assert.Equal(ExitCodes.Success, new TrainerRun(Micro(Algorithm.Grpo, steps: 3), dir, Quiet).Run());
        var lines = File.ReadAllLines(Path.Combine(dir, RunFiles.PassRates)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3 * 4, lines.Count);
        Assert.Equal([0, 1, 2], lines.Select(l => l.GetProperty("step").GetInt32()).Distinct().Order());
        Assert.All(lines, l =>
        {
            Assert.Equal(4, l.GetProperty("samples").GetInt32());
            Assert.InRange(l.GetProperty("accepted").GetInt32(), 0, 4);
            Assert.InRange(l.GetProperty("level").GetInt32(), 1, 2);
        });
    }
}
