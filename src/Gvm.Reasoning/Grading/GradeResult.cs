namespace Gvm.Reasoning.Grading;

/// <summary>Where an extracted answer came from (spec section 3.1, X1..X5).</summary>
public enum ExtractionSource
{
    MinervaLine,
    Boxed,
    GsmMarker,
    AnchorPhrase,
    Fallback,
}

/// <summary>An answer pulled out of a full model response.</summary>
public sealed record ExtractedAnswer(string Text, ExtractionSource Source);

/// <summary>Verdict of one grading call. <see cref="Error"/> names a parse failure or timeout (which counts as wrong).</summary>
public readonly record struct GradeResult(bool Correct, string? Extracted, string? Error = null)
{
    public double Reward => Correct ? 1.0 : 0.0;
}
