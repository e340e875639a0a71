using System.Diagnostics;
using Gvm.Core.Allocation;
using Gvm.Core.Runs;
using Gvm.Training.Generation;
using Gvm.Training.Model;
using Gvm.Training.Rl;
using Gvm.Training.Rollout;
using Gvm.Training.State;
using Gvm.Training.Tasks;
using static TorchSharp.torch;

namespace Gvm.Training.Study;

/// <summary>Where a study is: <paramref name="Done"/> of <paramref name="Total"/> units (a reference or one draw).</summary>
public readonly record struct StudyProgress(string Description, int Done, int Total);

/// <summary>
/// <c>gvm study variance</c>: does the GVM allocation give a lower-variance gradient at a fixed sampling budget, measured
/// at a checkpoint with the trainer's own loss? For each of <see cref="VarianceStudyOptions.Shards"/> disjoint shards of
/// train prompts (the seeded data order): a reference g* (<see cref="LeaveOneOut"/> REINFORCE, many samples per prompt),
/// then <see cref="VarianceStudyOptions.Repeats"/> independent draws of one step's gradient for each allocation
/// (<see cref="StudyAllocation"/>). Each draw's samples give both algorithms' gradients (RAFT++ and GRPO advantages from
/// <see cref="RlAlgorithms.Advantages"/>, loss from <see cref="FlatGradients.OfTrainerLoss"/>), so the two algorithms
/// share draws; repeats are independent (seeds from (seed, shard, repeat, phase)), and the allocations of one repeat
/// share random numbers (see <see cref="Draw"/>).
/// Memory: per shard g* and two float64 sums per estimator (see <see cref="EstimatorAccumulator"/>), one draw at a time
/// in its own dispose scope.
/// </summary>
public sealed class VarianceStudy(RunSpec spec, ITrainingTask task, Qwen2ForCausalLM policy, VarianceStudyOptions options)
{
    private const int ReferencePhase = 101, UniformPhase = 102, PresamplePhase = 103, GvmPhase = 104;

    // Read once inside a scope: Qwen2ForCausalLM.Device wraps the embedding weight in a new tensor handle on every call,
    // which outlives the call unless a dispose scope collects it.
    private readonly Device _device = DeviceOf(policy);

    private int N => spec.Sampling.SamplesPerPrompt;
    private int Presamples => spec.Sampling.Presamples;
    private double ClipHigh => spec.Optim.ClipRatioHigh > 0 ? spec.Optim.ClipRatioHigh : spec.Optim.ClipRatio;

    private GenerationOptions Generation => new()
    {
        Temperature = spec.Sampling.Temperature,
        TopP = spec.Sampling.TopP,
        TopK = spec.Sampling.TopK,
        MaxNewTokens = spec.Sampling.MaxNewTokens,
        StopTokenIds = task.StopTokenIds,
        PadTokenId = task.PadTokenId,
    };

    /// <param name="store">Where finished shards are kept (null: nowhere). A shard found there with the same fingerprint
    /// is loaded instead of measured, so a rerun after a crash or a stop resumes at the first unfinished shard.</param>
    public StudyResult Run(Action<StudyProgress>? progress = null, CancellationToken cancellationToken = default, StudyShardStore? store = null)
    {
        options.Validate(task.TrainCount);
        var order = new DataOrder(task.TrainCount, options.Seed);
        var parameters = FlatGradients.ParameterCount(policy);
        var shards = new List<ShardResult>();
        var kept = 0;
        var perShard = 1 + options.Repeats * StudyEstimators.Allocations.Count;
        var total = options.Shards * perShard;
        for (var shard = 0; shard < options.Shards; shard++)
        {
            var done = shard * perShard;
            if (store?.Load(shard) is { } stored)
            {
                shards.Add(stored);
                kept++;
                progress?.Invoke(new StudyProgress($"shard {shard + 1}/{options.Shards}: kept from an earlier run ({store.PathOf(shard)})", done + perShard, total));
                continue;
            }
            var prompts = order.Take((long)shard * options.Prompts, options.Prompts);
            var clock = Stopwatch.StartNew();
            var result = Shard(shard, prompts, parameters, (what, units) => progress?.Invoke(
                new StudyProgress($"shard {shard + 1}/{options.Shards}: {what}", done + units, total)), cancellationToken);
            result = result with { Seconds = clock.Elapsed.TotalSeconds };
            store?.Save(shard, result);
            shards.Add(result);
        }
        return new StudyResult(options, Settings(parameters), shards.SelectMany(s => s.Rows).ToArray(), shards.Select(s => s.Reference).ToArray(),
            shards.SelectMany(s => s.Allocations).ToArray(),
            shards.SelectMany(s => s.Cosines).GroupBy(kv => kv.Key)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<IReadOnlyList<double>>)g.Select(kv => (IReadOnlyList<double>)kv.Value).ToArray()),
            shards.Sum(s => s.Seconds), kept);
    }

    /// <summary>The reference and <see cref="VarianceStudyOptions.Repeats"/> draws of every estimator on one shard.</summary>
    private ShardResult Shard(int shard, int[] prompts, long parameters, Action<string, int> progress, CancellationToken cancellationToken)
    {
        progress($"reference ({options.ReferenceSamples} samples per prompt)", 0);
        var (referenceUnit, reference) = Reference(shard, prompts);
        using var _ = referenceUnit;
        var done = 1;
        progress("reference done", done);

        var accumulators = StudyEstimators.Algorithms.SelectMany(a => StudyEstimators.Allocations.Select(l => (a, l)))
            .ToDictionary(k => k, _ => new EstimatorAccumulator(parameters, _device));
        try
        {
            var allocations = new List<StudyAllocationRecord>();
            var zeroAlloc = new List<double>();
            var fallbacks = 0;
            for (var repeat = 0; repeat < options.Repeats; repeat++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var draws = Draw(shard, repeat, prompts);
                foreach (var draw in draws)
                {
                    var watch = Stopwatch.StartNew();
                    var advantages = StudyEstimators.Algorithms.Select(a => RlAlgorithms.Advantages(a, draw.Batch, spec.Optim.NormalizeByStd)).ToArray();
                    var gradients = FlatGradients.OfTrainerLoss(policy, draw.Batch, advantages, spec.Optim.ClipRatio, ClipHigh,
                        spec.Sampling.Temperature, task.PadTokenId, options.MicroBatch);
                    var gradientSeconds = watch.Elapsed.TotalSeconds;
                    for (var k = 0; k < gradients.Length; k++)
                        accumulators[(StudyEstimators.Algorithms[k], draw.Allocation)].Add(gradients[k], referenceUnit,
                            new DrawCost(draw.Rollouts, draw.Presamples, draw.SampleSeconds, gradientSeconds), draw.PredictedRatio);
                    progress($"draw {repeat + 1}/{options.Repeats} {draw.Allocation.ToName()}", ++done);
                }
                var plan = draws.Single(d => d.Allocation == StudyAllocation.Gvm).Plan!;
                zeroAlloc.Add(plan.SampleSizes.Count(n => n == 0));
                if (plan.UniformFallback) fallbacks++;
                allocations.AddRange(plan.PromptIndices.Select((idx, k) => new StudyAllocationRecord(shard, repeat,
                    task.Prompt(idx).Id, task.Prompt(idx).Level, plan.AcceptRates[k], plan.GradNorms[k], plan.SampleSizes[k],
                    plan.UniformFallback)));
            }
            var rows = new List<StudyRow>();
            var cosines = new Dictionary<string, double[]>();
            foreach (var algorithm in StudyEstimators.Algorithms)
            {
                var uniform = Summarise(accumulators[(algorithm, StudyAllocation.Uniform)], referenceUnit);
                foreach (var allocation in StudyEstimators.Allocations)
                {
                    var acc = accumulators[(algorithm, allocation)];
                    var row = Row(algorithm, allocation, shard, acc, referenceUnit, reference, uniform.RelVariance,
                        allocation == StudyAllocation.Gvm ? zeroAlloc.Average() : 0, allocation == StudyAllocation.Gvm ? fallbacks : 0);
                    rows.Add(row);
                    cosines[StudyResult.Key(row.Algorithm, row.Allocation)] = acc.Cosines.ToArray();
                }
            }
            return new ShardResult(rows, reference, allocations, cosines);
        }
        finally
        {
            foreach (var acc in accumulators.Values) acc.Dispose();
        }
    }

    private sealed record DrawResult(StudyAllocation Allocation, RolloutBatch Batch, int Rollouts, int Presamples, double SampleSeconds,
        double PredictedRatio, IterationPlan? Plan);

    /// <summary>
    /// One repeat's draws, with common random numbers: stage 1 of GVM (N' presamples per prompt, p_i, G_i and the
    /// allocation, by <see cref="GvmPresampler.Plan"/> with the spec's gvm options, uniform fallback included) and its
    /// stage 2; an independent uniform draw of n per prompt; and "uniform at equal total rollouts" = that uniform draw
    /// plus the N' presamples (n + N' per prompt, exactly the rollouts GVM spent, used for the gradient instead of for
    /// the allocation). Each estimator's draws are independent across repeats, so its statistics are those of
    /// independent draws; within a repeat the estimators are coupled, so differences between them are paired by repeat.
    /// </summary>
    private DrawResult[] Draw(int shard, int repeat, int[] prompts)
    {
        var step = (long)shard * 1_000_000 + repeat;
        var m = prompts.Length;

        // GVM: a fresh stage 1 every draw, one "iteration" of one step over the shard (as gvm.scope iteration over its shard).
        var capture = new PresampleCapture(task);
        var (plan, cost) = GvmPresampler.Plan(repeat, prompts, 1, capture, policy, spec, Generation, RunSeeds.Of(options.Seed, step, PresamplePhase));
        var presamples = capture.Last!;
        var watch = Stopwatch.StartNew();
        RolloutBatch stage2;
        using (var generator = new Generator(RunSeeds.Of(options.Seed, step, GvmPhase), _device))
            stage2 = task.Sample(policy, plan.PromptIndices, plan.SampleSizes, Generation, generator);
        var stage2Seconds = watch.Elapsed.TotalSeconds;
        var predicted = VarianceProxy.PredictedRatio(plan.AcceptRates, plan.GradNorms, plan.SampleSizes, N, spec.Gvm.Alpha, spec.Gvm.Beta);

        watch.Restart();
        RolloutBatch uniform;
        using (var generator = new Generator(RunSeeds.Of(options.Seed, step, UniformPhase), _device))
            uniform = task.Sample(policy, prompts, Repeat(N, m), Generation, generator);
        var uniformSeconds = watch.Elapsed.TotalSeconds;

        return
        [
            new DrawResult(StudyAllocation.Uniform, uniform, uniform.Count, 0, uniformSeconds, 1.0, null),
            new DrawResult(StudyAllocation.Gvm, stage2, cost.Samples + stage2.Count, cost.Samples,
                cost.GenerateSeconds + cost.GradNormSeconds + stage2Seconds, predicted, plan),
            // The paper's proxy scales every prompt's term by 1/n, so n + N' per prompt predicts V(n)/V(n+N') = (n+N')/n.
            new DrawResult(StudyAllocation.UniformEqualRollouts, RolloutBatch.Concat(uniform, presamples), uniform.Count + presamples.Count,
                0, uniformSeconds + cost.GenerateSeconds, (N + Presamples) / (double)N, null),
        ];
    }

    private static int[] Repeat(int n, int count) => Enumerable.Repeat(n, count).ToArray();

    /// <summary>The shard's reference (<see cref="ReferenceGradient"/>); the unit vector is owned by the caller.</summary>
    private (Tensor Unit, StudyReference Info) Reference(int shard, int[] prompts)
    {
        var watch = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        var k = options.ReferenceSamples;
        RolloutBatch batch;
        using (var generator = new Generator(RunSeeds.Of(options.Seed, shard, ReferencePhase), _device))
            batch = task.Sample(policy, prompts, Repeat(k, prompts.Length), Generation, generator);
        var estimate = ReferenceGradient.Compute(policy, batch, k, prompts.Length, spec.Sampling.Temperature, task.PadTokenId, options.MicroBatch);
        return (estimate.Unit.MoveToOuterDisposeScope(), new StudyReference(shard, prompts.Length, k, estimate.SplitHalfCosine,
            StudyStatistics.ReferenceCosine(estimate.SplitHalfCosine), estimate.Norm, batch.Rewards.Average(), watch.Elapsed.TotalSeconds));
    }

    private static (double RelVariance, double RelVarianceUnit, double TraceCov, double MeanNorm, double MeanCosine) Summarise(
        EstimatorAccumulator acc, Tensor referenceUnit)
    {
        var (sq, unitSq, meanCosine) = acc.Summary(referenceUnit);
        var r = acc.Draws;
        return (StudyStatistics.RelativeVariance(acc.SumSquaredNorms, sq, r), StudyStatistics.RelativeVariance(r, unitSq, r),
            StudyStatistics.TraceCovariance(acc.SumSquaredNorms, sq, r), Math.Sqrt(sq) / r, meanCosine);
    }

    private static StudyRow Row(Algorithm algorithm, StudyAllocation allocation, int shard, EstimatorAccumulator acc, Tensor referenceUnit,
        StudyReference reference, double uniformRelVariance, double zeroAlloc, int fallbacks)
    {
        var s = Summarise(acc, referenceUnit);
        var cos = StudyStatistics.TInterval(acc.Cosines);
        var corrected = cos.Scale(1 / reference.CosineToTruth);
        return new StudyRow
        {
            Algorithm = algorithm.ToName(),
            Allocation = allocation.ToName(),
            Shard = shard,
            Draws = acc.Draws,
            CosineMean = cos.Mean,
            CosineLo = cos.Low,
            CosineHi = cos.High,
            CosineCorrectedMean = corrected.Mean,
            CosineCorrectedLo = corrected.Low,
            CosineCorrectedHi = corrected.High,
            MeanGradientCosine = s.MeanCosine,
            RelVariance = s.RelVariance,
            RelVarianceUnit = s.RelVarianceUnit,
            TraceCovariance = s.TraceCov,
            MeanGradientNorm = s.MeanNorm,
            Nmse = acc.Cosines.Average(StudyStatistics.Nmse),
            PredictedVarianceRatio = acc.PredictedRatios.Average(),
            MeasuredVarianceRatio = uniformRelVariance / s.RelVariance,
            Rollouts = acc.Costs.Average(c => c.Rollouts),
            PresampleRollouts = acc.Costs.Average(c => c.Presamples),
            Seconds = acc.Costs.Average(c => c.SampleSeconds + c.GradientSeconds),
            SampleSeconds = acc.Costs.Average(c => c.SampleSeconds),
            GradientSeconds = acc.Costs.Average(c => c.GradientSeconds),
            ReferenceSplitHalfCosine = reference.SplitHalfCosine,
            ReferenceCosineToTruth = reference.CosineToTruth,
            ZeroAllocPrompts = zeroAlloc,
            UniformFallbackDraws = fallbacks,
        };
    }

    private StudySettings Settings(long parameters) => new(spec.Model.Checkpoint ?? spec.Model.Preset ?? "", spec.Task.Kind, parameters,
        N, Presamples, spec.Gvm.Alpha, spec.Gvm.Beta, spec.Sampling.Temperature, spec.Sampling.MaxNewTokens, spec.Optim.ClipRatio, ClipHigh,
        spec.Optim.NormalizeByStd, _device.ToString(), spec.Threads);

    internal static Device DeviceOf(Qwen2ForCausalLM policy)
    {
        using var scope = NewDisposeScope();
        return policy.Device;
    }
}
