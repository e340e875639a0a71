namespace Gvm.Training.Generation;

/// <summary>Why a sequence stopped. Closed set.</summary>
public enum FinishReason
{
    /// <summary>Emitted a stop token (kept as the last token).</summary>
    Stop,
    /// <summary>Reached MaxNewTokens.</summary>
    Length,
}

/// <summary>
/// Output of <see cref="BatchGenerator.Generate"/>, one entry per prompt in input order. Tokens are the new tokens only
/// (the prompt is not repeated); LogProbs[i][j] is the log-probability of Tokens[i][j] under the temperature-scaled
/// model distribution (before top-k/top-p truncation), so it equals a teacher-forced recomputation at that temperature.
/// </summary>
public sealed record GenerationResult(
    IReadOnlyList<int[]> Tokens,
    IReadOnlyList<float[]> LogProbs,
    IReadOnlyList<FinishReason> FinishReasons)
{
    public int Count => Tokens.Count;

    /// <summary>Sum of generated tokens over all sequences (for tokens/s figures).</summary>
    public long TotalTokens => Tokens.Sum(t => (long)t.Length);
}
