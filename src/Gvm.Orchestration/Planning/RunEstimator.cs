using Gvm.Core.Runs;

namespace Gvm.Orchestration.Planning;

/// <summary>
/// Rough wall-clock estimate of a run on the 2-core CPU reference machine, from the per-step costs in
/// shared/docs/calibration.md (tiny model, 16 prompts x 8 samples x 64 tokens). GPU runs are not calibrated.
/// </summary>
public static class RunEstimator
{
    private const double StartupSeconds = 3;
    private const double EvalSecondsPer800 = 1.5;

    /// <summary>Seconds on the CPU reference machine; 0 (unknown) for GPU runs. Per-step costs: <see cref="AlgorithmInfo.Cost"/>.</summary>
    public static double EstimateSeconds(RunSpec spec)
    {
        if (spec.Model.Device != "cpu") return 0;
        var cost = spec.Algorithm.Info().Cost;
        var perStep = cost.Basis switch
        {
            CostBasis.SftStep => cost.Seconds * spec.Optim.BatchSize / 64.0,
            CostBasis.RlStep => cost.Seconds * RlScale(spec),
            CostBasis.EvalOnly or CostBasis.Study => 0,
        };
        var train = perStep * spec.TrainingSteps;
        if (spec.Schedule.MaxSeconds > 0) train = Math.Min(train, spec.Schedule.MaxSeconds);
        var evals = cost.Basis == CostBasis.EvalOnly ? 1 : (spec.Schedule.EvalEvery > 0 ? spec.Schedule.Steps / spec.Schedule.EvalEvery : 0) + 2;
        if (cost.Basis == CostBasis.Study) return StartupSeconds + StudySeconds(spec);
        var evalSeconds = evals * EvalSecondsPer800 * spec.Eval.PerLevel * spec.Task.Levels / 800.0;
        return StartupSeconds + train + evalSeconds;
    }

    /// <summary>
    /// A variance study generates, per shard, prompts × (reference_samples + repeats × (2n + N')) responses (and takes
    /// the gradients of most of them); seconds per generated response from the measurement in docs/trainer.md
    /// ("Measuring the variance claim").
    /// </summary>
    private static double StudySeconds(RunSpec s)
    {
        var study = s.Study ?? new StudyOptions();
        var perPrompt = study.ReferenceSamples + study.Repeats * (2.0 * s.Sampling.SamplesPerPrompt + s.Sampling.Presamples);
        return StudySecondsPerSample * study.Shards * study.Prompts * perPrompt * s.Sampling.MaxNewTokens / 64.0;
    }

    private const double StudySecondsPerSample = 0.013; // 1,824 CPU s for 139,264 responses (docs/trainer.md)

    private static double RlScale(RunSpec s) =>
        (double)s.Sampling.PromptsPerStep * s.Sampling.SamplesPerPrompt * s.Sampling.MaxNewTokens / (16 * 8 * 64);
}
