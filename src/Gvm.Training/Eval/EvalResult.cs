namespace Gvm.Training.Eval;

/// <summary>One generated sample, as written to <c>samples.jsonl</c>.</summary>
public sealed record EvalSample(
    string Benchmark, int ProblemIndex, int SampleIndex, string Response, string? Extracted, bool Correct,
    string Gold, string FinishReason, int Tokens);

/// <summary>Scores of one benchmark (fractions in [0, 1]).</summary>
public sealed record BenchmarkScore(string Benchmark, int Problems, int Samples, double MeanAtK, double PassAtK, double MajAtK,
    long GeneratedTokens, double Seconds);

/// <summary>The outcome of <see cref="MathEvaluator.Run"/>.</summary>
public sealed record EvalResult(string Model, MathEvalOptions Options, IReadOnlyList<BenchmarkScore> Scores, IReadOnlyList<EvalSample> Samples)
{
    /// <summary>Unweighted mean of the benchmarks' mean@k (the "Average" column of Table 1).</summary>
    public double AverageMeanAtK => Scores.Count == 0 ? 0 : Scores.Average(s => s.MeanAtK);
}
