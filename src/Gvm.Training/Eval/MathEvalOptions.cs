namespace Gvm.Training.Eval;

/// <summary>Options of <c>gvm eval</c> (defaults: the paper's protocol, k=8 at temperature 1.0, 3072 new tokens).</summary>
public sealed record MathEvalOptions
{
    public IReadOnlyList<string> Benchmarks { get; init; } = MathBenchmarks.Names;

    /// <summary>Samples per problem (k of mean@k, pass@k, maj@k).</summary>
    public int Samples { get; init; } = 8;

    public double Temperature { get; init; } = 1.0;

    public double TopP { get; init; } = 1.0;

    public int MaxNewTokens { get; init; } = 3072;

    /// <summary>Sequences generated together (prompts × samples are cut into batches of this size).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>At most this many problems per benchmark (0 = all), for smoke runs.</summary>
    public int Limit { get; init; }

    public int Seed { get; init; } = 1234;

    /// <summary>User-turn suffix after the problem (GVM em/ and eval/gen.py; no final period).</summary>
    public string QuestionSuffix { get; init; } = " Let's think step by step and output the final answer within \\boxed{}";

    public MathEvalOptions Validate()
    {
        if (Benchmarks.Count == 0) throw new ArgumentException("at least one benchmark is needed", nameof(Benchmarks));
        foreach (var b in Benchmarks)
        {
            if (!MathBenchmarks.Names.Contains(b))
                throw new ArgumentException($"unknown benchmark '{b}'; supported: {string.Join(", ", MathBenchmarks.Names)}", nameof(Benchmarks));
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Samples, nameof(Samples));
        if (!(Temperature > 0)) throw new ArgumentException($"Temperature must be > 0 (got {Temperature})", nameof(Temperature));
        if (!(TopP > 0 && TopP <= 1)) throw new ArgumentException($"TopP must be in (0, 1] (got {TopP})", nameof(TopP));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxNewTokens, nameof(MaxNewTokens));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegative(Limit, nameof(Limit));
        return this;
    }
}
