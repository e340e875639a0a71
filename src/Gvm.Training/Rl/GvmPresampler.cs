using System.Diagnostics;
using Gvm.Core.Allocation;
using Gvm.Core.Runs;
using Gvm.Training.Generation;
using Gvm.Training.Model;
using Gvm.Training.State;
using Gvm.Training.Tasks;

namespace Gvm.Training.Rl;

/// <summary>What stage 1 cost, for the step's metrics.</summary>
public sealed record PresampleCost(int Samples, long Tokens, double GenerateSeconds, double GradNormSeconds)
{
    /// <summary>Seconds of the allocation itself (allocator, uniform fallback, step balancing).</summary>
    public double AllocateSeconds { get; init; }
}

/// <summary>
/// GVM stage 1 (paper Alg. 1, lines 3-6): draw N' presamples per prompt, estimate p_i (accepted fraction) and
/// G_i (mean embedding-gradient norm over accepted presamples), then allocate the stage-2 budget with
/// <see cref="GvmAllocator"/> (n_i ∝ G_i / sqrt(p_i + α/p_i^(β−1))). Presamples are only used for the estimates.
/// When the allocation allocates nothing (every p̂_i = 0 or every G_i = 0) the iteration falls back to the uniform
/// allocation, so the GVM arm never silently spends less than its baseline (the authors' verl fork skips such batches,
/// ray_trainer.py `if sum(sample_size) == 0: continue`). The shard's prompts are then ordered so that every step of the
/// iteration draws about the same number of samples (<see cref="StepBalancing"/>).
/// </summary>
public static class GvmPresampler
{
    /// <param name="stepsPerIteration">Steps the shard is spread over (its prompts fill them in order after balancing).</param>
    public static (IterationPlan Plan, PresampleCost Cost) Plan(int iteration, int[] promptIndices, int stepsPerIteration,
        ITrainingTask task, Qwen2ForCausalLM policy, RunSpec spec, GenerationOptions generation, ulong seed)
    {
        var prompts = promptIndices.Length;
        var presamples = spec.Sampling.Presamples;
        var watch = Stopwatch.StartNew();
        using var generator = new TorchSharp.torch.Generator(seed, policy.Device);
        var batch = task.Sample(policy, promptIndices, Enumerable.Repeat(presamples, prompts).ToArray(), generation, generator);
        var generateSeconds = watch.Elapsed.TotalSeconds;

        watch.Restart();
        var accepted = Enumerable.Range(0, batch.Count).Where(i => batch.Rewards[i] > 0).ToArray();
        var norms = EmbeddingGradNorms.Compute(policy, batch, accepted, task.PadTokenId);
        var gradSeconds = watch.Elapsed.TotalSeconds;

        watch.Restart();
        // batch rows are prompt-major: presamples of prompt k sit at [k·N', (k+1)·N').
        var estimator = new PresampleEstimator(prompts);
        var normOf = new Dictionary<int, double>();
        for (var k = 0; k < accepted.Length; k++) normOf[accepted[k]] = norms[k];
        for (var i = 0; i < batch.Count; i++)
            estimator.Add(i / presamples, batch.Rewards[i] > 0, normOf.GetValueOrDefault(i));
        var p = estimator.AcceptRates();
        var g = estimator.GradNorms();
        var budget = prompts * spec.Sampling.SamplesPerPrompt;
        var n = GvmAllocator.Allocate(p, g, budget, spec.AllocationOptions());
        var fallback = n.All(x => x == 0);
        if (fallback) n = UniformAllocator.Split(prompts, budget);

        var order = StepBalancing.Order(n, stepsPerIteration, prompts / stepsPerIteration);
        return (new IterationPlan(iteration, order.Select(k => promptIndices[k]).ToArray(), order.Select(k => n[k]).ToArray(),
                order.Select(k => p[k]).ToArray(), order.Select(k => g[k]).ToArray(), fallback),
            new PresampleCost(batch.Count, batch.TokenCount, generateSeconds, gradSeconds) { AllocateSeconds = watch.Elapsed.TotalSeconds });
    }
}
