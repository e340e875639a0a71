using System.Diagnostics;
using Gvm.Core.Allocation;
using Gvm.Core.Runs;
using Gvm.Training.Generation;
using Gvm.Training.Model;
using Gvm.Training.Optim;
using Gvm.Training.Rollout;
using Gvm.Training.State;
using Gvm.Training.Tasks;
using TorchSharp;

namespace Gvm.Training.Rl;

/// <summary>
/// One RL trainer step as named phases: (Presample → Allocate, GVM only) → Generate → Score → Advantage → Update.
/// RAFT++ and GRPO and their GVM variants differ only in the allocation and the advantage (<see cref="RlAlgorithms"/>).
/// Prompts, tokens and rewards come from the <see cref="ITrainingTask"/>; the step itself is the same for every task.
/// </summary>
public sealed class RlStepRunner(RunSpec spec, ITrainingTask task, Qwen2ForCausalLM policy,
    Qwen2ForCausalLM? reference, PolicyOptimizer optimizer, RunJournal journal)
{
    private readonly DataOrder _order = new(task.TrainCount, spec.Seed);
    private int PromptsPerStep => spec.Sampling.PromptsPerStep;
    private int StepsPerIteration => spec.Gvm.Scope == GvmScope.Iteration ? spec.Schedule.StepsPerIteration : 1;

    public GenerationOptions Generation => new()
    {
        Temperature = spec.Sampling.Temperature,
        TopP = spec.Sampling.TopP,
        TopK = spec.Sampling.TopK,
        MaxNewTokens = spec.Sampling.MaxNewTokens,
        StopTokenIds = task.StopTokenIds,
        PadTokenId = task.PadTokenId,
    };

    public (Dictionary<string, double> Metrics, TrainerState State) Step(TrainerState state, double lr)
    {
        var step = state.Step;
        var m = new Dictionary<string, double>();
        var plan = state.Plan;
        PresampleCost? presample = null;
        int[] promptIndices;
        int[] counts;

        if (spec.Gvm.ResetEachIteration && step > 0 && step % spec.Schedule.StepsPerIteration == 0) StartIteration();

        if (spec.Algorithm.UsesGvm())
        {
            var iteration = step / StepsPerIteration;
            if (plan is null || plan.Iteration != iteration)
            {
                var shard = _order.Take((long)iteration * StepsPerIteration * PromptsPerStep, StepsPerIteration * PromptsPerStep);
                (plan, presample) = GvmPresampler.Plan(iteration, shard, StepsPerIteration, task, policy, spec, Generation,
                    RunSeeds.Of(spec.Seed, step, RunSeeds.Presampling));
                journal.AppendAllocations(plan.PromptIndices.Select((idx, k) => new AllocationRecord(iteration, step,
                    task.Prompt(idx).Id, task.Prompt(idx).Level, plan.AcceptRates[k], plan.GradNorms[k], plan.SampleSizes[k],
                    plan.UniformFallback)));
            }
            var offset = step % StepsPerIteration * PromptsPerStep;
            promptIndices = plan.PromptIndices[offset..(offset + PromptsPerStep)];
            counts = plan.SampleSizes[offset..(offset + PromptsPerStep)];
        }
        else
        {
            promptIndices = _order.Take((long)step * PromptsPerStep, PromptsPerStep);
            counts = Enumerable.Repeat(spec.Sampling.SamplesPerPrompt, PromptsPerStep).ToArray();
        }
        LogAllocation(m, plan?.SampleSizes ?? counts, plan);

        // Generate + Score
        var watch = Stopwatch.StartNew();
        using var generator = new torch.Generator(RunSeeds.Of(spec.Seed, step, RunSeeds.Sampling), policy.Device);
        var rollouts = task.Sample(policy, promptIndices, counts, Generation, generator);
        var generateSeconds = watch.Elapsed.TotalSeconds;
        journal.AppendPassRates(PassRates(step, rollouts));

        // Advantage (every sample is trained on, as in verl: RAFT++'s rejected samples carry advantage 0)
        var advantages = RlAlgorithms.Advantages(spec.Algorithm, rollouts, spec.Optim.NormalizeByStd);

        // Update
        watch.Restart();
        var miniBatches = MiniBatchesPerEpoch(spec);
        var options = new PolicyUpdateOptions
        {
            ClipLow = spec.Optim.ClipRatio,
            ClipHigh = spec.Optim.ClipRatioHigh > 0 ? spec.Optim.ClipRatioHigh : spec.Optim.ClipRatio,
            UseKl = spec.Optim.UseKl,
            KlCoef = spec.Optim.KlCoef,
            MiniBatches = miniBatches,
            Epochs = spec.Optim.PpoEpochs,
            GradClip = spec.Optim.GradClip,
            Temperature = spec.Sampling.Temperature,
            Aggregation = spec.Algorithm.Info().Loss,
            LossScaleTokens = spec.Sampling.MaxNewTokens,
        }.Validate();
        var stats = PolicyUpdate.Run(policy, reference, optimizer, rollouts, advantages, options,
            new Random(RunSeeds.Int(spec.Seed, step, RunSeeds.Shuffle)), step, task.PadTokenId);
        var updateSeconds = watch.Elapsed.TotalSeconds;

        var stage1 = presample?.Samples ?? 0;
        var stage1Tokens = presample?.Tokens ?? 0;
        m[MetricNames.RewardMean] = rollouts.Count == 0 ? 0 : rollouts.Rewards.Average();
        m[MetricNames.AcceptRate] = rollouts.Count == 0 ? 0 : rollouts.Rewards.Count(r => r > 0) / (double)rollouts.Count;
        m[MetricNames.SamplesStage1] = stage1;
        m[MetricNames.SamplesStage2] = rollouts.Count;
        m[MetricNames.SamplesTotalCum] = state.SamplesTotal + stage1 + rollouts.Count;
        m[MetricNames.Loss] = stats.Loss;
        m[MetricNames.Kl] = stats.Kl;
        m[MetricNames.Entropy] = stats.Entropy;
        m[MetricNames.GradNorm] = stats.GradNorm;
        m[MetricNames.Lr] = lr;
        m[MetricNames.ResponseLengthMean] = rollouts.MeanResponseLength;
        m[MetricNames.ClipFraction] = stats.ClipFraction;
        m[MetricNames.Updates] = stats.Updates;
        m[MetricNames.MiniBatchSize] = stats.Updates == 0 ? 0 : rollouts.Count * (double)spec.Optim.PpoEpochs / stats.Updates;
        m[MetricNames.OptimizerUpdatesCum] = state.OptimizerUpdates + stats.Updates;
        m[MetricNames.RolloutsCum] = state.Rollouts + stage1 + rollouts.Count;
        m[MetricNames.TokensGeneratedCum] = state.Tokens + stage1Tokens + rollouts.TokenCount;
        m[MetricNames.PresampleSeconds] = presample?.GenerateSeconds ?? 0;
        m[MetricNames.GradNormSeconds] = presample?.GradNormSeconds ?? 0;
        m[MetricNames.GenerateSeconds] = generateSeconds;
        m[MetricNames.UpdateSeconds] = updateSeconds;
        m[MetricNames.AllocateSeconds] = presample?.AllocateSeconds ?? 0;
        m[MetricNames.ScoreSeconds] = rollouts.ScoreSeconds;
        m[MetricNames.LogProbSeconds] = stats.LogProbSeconds;
        var genSeconds = generateSeconds + (presample?.GenerateSeconds ?? 0);
        m[MetricNames.GenTokensPerSecond] = genSeconds > 0 ? (rollouts.TokenCount + stage1Tokens) / genSeconds : 0;

        var next = state with
        {
            Step = step + 1,
            DataCursor = spec.Algorithm.UsesGvm()
                ? ((long)(step / StepsPerIteration) + 1) * StepsPerIteration * PromptsPerStep
                : (long)(step + 1) * PromptsPerStep,
            SamplesTotal = m[MetricNames.SamplesTotalCum],
            Rollouts = m[MetricNames.RolloutsCum],
            Tokens = m[MetricNames.TokensGeneratedCum],
            OptimizerUpdates = m[MetricNames.OptimizerUpdatesCum],
            Plan = spec.Algorithm.UsesGvm() ? plan : null,
        };
        return (m, next);
    }

    /// <summary>
    /// gvm/* every step: the current EM iteration's allocation for GVM runs, the uniform split for the baselines
    /// (Gini 0, predicted variance ratio 1), so every run carries the same metric names.
    /// </summary>
    private void LogAllocation(Dictionary<string, double> m, int[] sampleSizes, IterationPlan? plan)
    {
        var summary = AllocationSummary.Of(sampleSizes);
        m[MetricNames.AllocMin] = summary.Min;
        m[MetricNames.AllocMax] = summary.Max;
        m[MetricNames.AllocGini] = summary.Gini;
        m[MetricNames.ZeroAllocPrompts] = summary.ZeroCount;
        m[MetricNames.SingletonGroups] = summary.SingletonCount;
        m[MetricNames.VarianceRatioPred] = plan is null ? 1.0 : VarianceProxy.PredictedRatio(plan.AcceptRates, plan.GradNorms,
            plan.SampleSizes, spec.Sampling.SamplesPerPrompt, spec.Gvm.Alpha, spec.Gvm.Beta);
        m[MetricNames.UniformFallback] = plan?.UniformFallback == true ? 1 : 0;
    }

    /// <summary>
    /// Optimizer updates per epoch: ⌈prompts_per_step × samples_per_prompt / mini_batch_size⌉ for every algorithm, so a
    /// GVM step (whose sample count varies around the same budget) makes as many updates as its baseline. With
    /// <c>optim.authors_update_ratio</c> a GVM run updates on mini_batch_size / samples_per_prompt samples instead, the
    /// ratio of the authors' scripts (ppo_mini_batch_size counts prompts and is multiplied by rollout.n, which is 1 for
    /// their GVM runs and N for their baselines: verl/workers/fsdp_workers.py line 125).
    /// </summary>
    public static int MiniBatchesPerEpoch(RunSpec spec)
    {
        var fullStep = spec.Sampling.PromptsPerStep * spec.Sampling.SamplesPerPrompt;
        var size = spec.Optim.AuthorsUpdateRatio && spec.Algorithm.UsesGvm()
            ? Math.Max(1, spec.Optim.MiniBatchSize / spec.Sampling.SamplesPerPrompt)
            : spec.Optim.MiniBatchSize;
        return (fullStep + size - 1) / size;
    }

    /// <summary>
    /// <c>gvm.reset_each_iteration</c>: the authors relaunch verl for every EM iteration (runs/scripts/run_em.sh), so
    /// AdamW starts afresh and the KL reference is the model the iteration starts from.
    /// </summary>
    private void StartIteration()
    {
        optimizer.ResetState();
        if (reference is null) return;
        using var noGrad = torch.no_grad();
        var source = policy.state_dict();
        foreach (var (name, target) in reference.state_dict()) target.copy_(source[name]);
    }

    /// <summary>One pass_rates.jsonl line per prompt sampled in stage 2 of the step: samples and accepted samples.</summary>
    private IEnumerable<PassRateRecord> PassRates(int step, RolloutBatch rollouts)
    {
        var byPrompt = new Dictionary<int, (int Level, int Samples, int Accepted)>();
        var order = new List<int>();
        for (var i = 0; i < rollouts.Count; i++)
        {
            var id = rollouts.GroupIds[i];
            if (!byPrompt.TryGetValue(id, out var c)) { c = (rollouts.Levels[i], 0, 0); order.Add(id); }
            byPrompt[id] = (c.Level, c.Samples + 1, c.Accepted + (rollouts.Rewards[i] > 0 ? 1 : 0));
        }
        return order.Select(id => new PassRateRecord(step, id, byPrompt[id].Level, byPrompt[id].Samples, byPrompt[id].Accepted));
    }
}
