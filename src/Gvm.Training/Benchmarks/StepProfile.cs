using Gvm.Core.Runs;
using Gvm.Core.Runs.Files;

namespace Gvm.Training.Benchmarks;

/// <summary>
/// Per-step means of one benchmark run, read from its metrics.jsonl (the run contract's perf/* metrics). Phases a
/// build does not time separately (perf/allocate_s, perf/score_s, perf/logprobs_s before this benchmark existed) are
/// null. perf/generate_s includes scoring and perf/update_s includes the old/reference log-prob passes in every build,
/// so those two compare across builds as they are.
/// </summary>
public sealed record StepProfile
{
    public int Steps { get; init; }
    /// <summary>Wall seconds of a step (differences of cost/seconds_cum: training time, evaluation excluded).</summary>
    public double Step { get; init; }
    public double Presample { get; init; }
    public double GradNorms { get; init; }
    public double? Allocate { get; init; }
    /// <summary>perf/generate_s: stage-2 generation including scoring.</summary>
    public double GenerateAndScore { get; init; }
    public double? Score { get; init; }
    /// <summary>perf/update_s: the whole update phase including the old/reference log-prob passes.</summary>
    public double UpdatePhase { get; init; }
    public double? LogProbs { get; init; }
    /// <summary>Generated tokens (stage 1 + 2) per second of perf/presample_s + perf/generate_s.</summary>
    public double GenerationTokensPerSecond { get; init; }
    /// <summary>Stage-2 response tokens × ppo_epochs per second of perf/update_s.</summary>
    public double UpdateTokensPerSecond { get; init; }
    public double OptimizerUpdates { get; init; }
    /// <summary>GVM's extra work (presample + gradient norms + allocate) as a fraction of the run's step time.</summary>
    public double GvmExtraFraction { get; init; }
    public long PeakRssBytes { get; init; }

    public double? Generate => Score is { } s ? GenerateAndScore - s : null;
    public double? Update => LogProbs is { } l ? UpdatePhase - l : null;
    /// <summary>Step time not in any timed phase (advantages, journal lines, allocation in builds that do not time it).</summary>
    public double Other => Step - Presample - GradNorms - (Allocate ?? 0) - GenerateAndScore - UpdatePhase;

    /// <summary>Reads the RL step lines (those carrying perf/generate_s) of a run's metrics.jsonl.</summary>
    public static StepProfile Read(string metricsPath, int ppoEpochs, long peakRssBytes)
    {
        var lines = MetricsFile.Parse(File.ReadAllText(metricsPath), metricsPath)
            .Where(r => r.Values.ContainsKey(MetricNames.GenerateSeconds))
            .OrderBy(r => r.Step)
            .ToList();
        if (lines.Count == 0) throw new InvalidDataException($"{metricsPath}: no RL step lines (perf/generate_s)");
        double Sum(string name) => lines.Sum(r => r.Values.GetValueOrDefault(name));
        double? OptionalSum(string name) => lines.All(r => r.Values.ContainsKey(name)) ? Sum(name) : null;

        var n = lines.Count;
        if (lines[0].Step != 1) throw new InvalidDataException($"{metricsPath}: the run did not start at step 1 (resumed?)");
        var stepSeconds = lines[^1].Values[MetricNames.SecondsCum]; // training seconds of steps 1..n
        var stage2Tokens = lines.Sum(r => r.Values[MetricNames.ResponseLengthMean] * r.Values[MetricNames.SamplesStage2]);
        var allTokens = lines[^1].Values[MetricNames.TokensGeneratedCum];
        var presample = Sum(MetricNames.PresampleSeconds);
        var gradNorms = Sum(MetricNames.GradNormSeconds);
        var allocate = OptionalSum(MetricNames.AllocateSeconds);
        var generate = Sum(MetricNames.GenerateSeconds);
        var update = Sum(MetricNames.UpdateSeconds);
        return new StepProfile
        {
            Steps = n,
            Step = stepSeconds / n,
            Presample = presample / n,
            GradNorms = gradNorms / n,
            Allocate = allocate / n,
            GenerateAndScore = generate / n,
            Score = OptionalSum(MetricNames.ScoreSeconds) / n,
            UpdatePhase = update / n,
            LogProbs = OptionalSum(MetricNames.LogProbSeconds) / n,
            GenerationTokensPerSecond = allTokens / (presample + generate),
            UpdateTokensPerSecond = stage2Tokens * ppoEpochs / update,
            OptimizerUpdates = Sum(MetricNames.Updates) / n,
            GvmExtraFraction = (presample + gradNorms + (allocate ?? 0)) / stepSeconds,
            PeakRssBytes = peakRssBytes,
        };
    }
}
