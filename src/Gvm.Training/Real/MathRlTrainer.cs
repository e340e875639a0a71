using System.Diagnostics;
using Gvm.Core.Allocation;
using Gvm.Core.Runs;
using Gvm.Training.Trainer;
using Gvm.Reasoning.Tokenizers;
using Gvm.Training.Eval;
using Gvm.Training.Generation;
using Gvm.Training.Model;
using Gvm.Training.Rl;
using TorchSharp;

namespace Gvm.Training.Real;

/// <summary>
/// GRPO and GVM-GRPO on real math prompts with a Hugging Face Qwen2 policy: the math-task glue around the trainer's
/// pieces (<see cref="GvmAllocator"/>, <see cref="EmbeddingGradNorms"/>, <see cref="Advantages"/>, <see cref="PolicyUpdate"/>).
/// One step = one EM iteration (paper Alg. 1): Shard → (Presample → Allocate, GVM only) → Generate → Score →
/// Advantage → Update. A minimal library loop (no journal, checkpoints, resume or KL reference): <c>gvm train</c> runs
/// <c>task.kind: math</c> through the trainer's own run loop (<see cref="Tasks.MathTrainingTask"/>) instead.
/// </summary>
public sealed class MathRlTrainer
{
    private readonly Qwen2ForCausalLM _policy;
    private readonly IReadOnlyList<MathProblem> _train;
    private readonly MathRlOptions _options;
    private readonly MathRolloutSampler _sampler;

    public MathRlTrainer(Qwen2ForCausalLM policy, Qwen2Tokenizer tokenizer, IReadOnlyList<MathProblem> train, MathRlOptions options)
        : this(policy, tokenizer, train, options, Rewards.MathReward.Score)
    {
    }

    /// <summary>With a stand-in reward: for tests only (a random model never earns the grader's reward).</summary>
    internal MathRlTrainer(Qwen2ForCausalLM policy, Qwen2Tokenizer tokenizer, IReadOnlyList<MathProblem> train, MathRlOptions options,
        Func<string, string, double> reward)
    {
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _train = train is { Count: > 0 } ? train : throw new ArgumentException("no training prompts", nameof(train));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        _sampler = new MathRolloutSampler(policy, tokenizer, options.QuestionSuffix, reward);
    }

    private GenerationOptions Generation => new()
    {
        Temperature = _options.Temperature,
        MaxNewTokens = _options.MaxNewTokens,
        StopTokenIds = _sampler.StopTokenIds,
        PadTokenId = _sampler.PadTokenId,
    };

    /// <summary>Runs all steps; returns one metrics record per step (names from <see cref="MetricNames"/>).</summary>
    public IReadOnlyList<Dictionary<string, double>> Run(Action<int, Dictionary<string, double>>? onStep = null, CancellationToken cancellationToken = default)
    {
        _policy.train();
        using var optimizer = PolicyOptimizer.AdamW(_policy, _options.Lr);
        var history = new List<Dictionary<string, double>>();
        for (var step = 0; step < _options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var metrics = Step(step, optimizer);
            history.Add(metrics);
            onStep?.Invoke(step, metrics);
        }
        return history;
    }

    private Dictionary<string, double> Step(int step, PolicyOptimizer optimizer)
    {
        var m = new Dictionary<string, double>();
        var problems = MathTrainData.Shard(_train.Count, step, _options.PromptsPerStep, _options.Seed).Select(i => _train[i]).ToArray();
        var counts = Enumerable.Repeat(_options.SamplesPerPrompt, problems.Length).ToArray();
        var watch = Stopwatch.StartNew();
        if (_options.Algorithm == Algorithm.GvmGrpo)
        {
            counts = Presample(step, problems, m);
            m[MetricNames.PresampleSeconds] = watch.Elapsed.TotalSeconds;
        }

        // Generate + Score
        watch.Restart();
        using var generator = new torch.Generator(RunSeeds.Of(_options.Seed, step, RunSeeds.Sampling), _policy.Device);
        var rollouts = _sampler.Sample(problems, counts, Generation, generator);
        m[MetricNames.GenerateSeconds] = watch.Elapsed.TotalSeconds;

        // Advantage (GRPO, group = prompt) + Update
        watch.Restart();
        var advantages = Advantages.Grpo(rollouts.Rewards, rollouts.GroupIds);
        var stats = PolicyUpdate.Run(_policy, null, optimizer, rollouts, advantages, _options.Update with { Temperature = _options.Temperature },
            new Random(RunSeeds.Int(_options.Seed, step, RunSeeds.Shuffle)), step, _sampler.PadTokenId);
        m[MetricNames.UpdateSeconds] = watch.Elapsed.TotalSeconds;

        m[MetricNames.RewardMean] = rollouts.Count == 0 ? 0 : rollouts.Rewards.Average();
        m[MetricNames.SamplesStage2] = rollouts.Count;
        m[MetricNames.Loss] = stats.Loss;
        m[MetricNames.GradNorm] = stats.GradNorm;
        m["train/updates"] = stats.Updates;
        m[MetricNames.TokensGeneratedCum] = rollouts.TokenCount; // per step here
        return m;
    }

    /// <summary>GVM stage 1: N' presamples per prompt → p_i, G_i (embedding-gradient norms of accepted presamples) → n_i.</summary>
    private int[] Presample(int step, IReadOnlyList<MathProblem> problems, Dictionary<string, double> m)
    {
        using var generator = new torch.Generator(RunSeeds.Of(_options.Seed, step, RunSeeds.Presampling), _policy.Device);
        var batch = _sampler.Sample(problems, Enumerable.Repeat(_options.Presamples, problems.Count).ToArray(), Generation, generator);
        var accepted = Enumerable.Range(0, batch.Count).Where(i => batch.Rewards[i] > 0).ToArray();
        var norms = EmbeddingGradNorms.Compute(_policy, batch, accepted, _sampler.PadTokenId);
        var estimator = new PresampleEstimator(problems.Count);
        var normOf = new Dictionary<int, double>();
        for (var k = 0; k < accepted.Length; k++) normOf[accepted[k]] = norms[k];
        for (var i = 0; i < batch.Count; i++) estimator.Add(i / _options.Presamples, batch.Rewards[i] > 0, normOf.GetValueOrDefault(i));
        var counts = GvmAllocator.Allocate(estimator.AcceptRates(), estimator.GradNorms(), problems.Count * _options.SamplesPerPrompt, _options.Gvm);
        var summary = AllocationSummary.Of(counts);
        m[MetricNames.SamplesStage1] = batch.Count;
        m[MetricNames.AcceptRate] = batch.Count == 0 ? 0 : accepted.Length / (double)batch.Count;
        m[MetricNames.AllocMin] = summary.Min;
        m[MetricNames.AllocMax] = summary.Max;
        m[MetricNames.ZeroAllocPrompts] = summary.ZeroCount;
        return counts;
    }
}
