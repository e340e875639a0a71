namespace Gvm.Reasoning.Grading;

/// <summary>
/// Options of the math grader (spec shared/specs/math-grading.md, section 12). Immutable; call <see cref="Validate"/>
/// once at startup when the values come from configuration.
/// </summary>
public sealed record GradeOptions
{
    public static readonly GradeOptions Default = new();

    /// <summary>Skip the lenient fallback X5 (last math span or number). Recommended for RL rewards.</summary>
    public bool StrictExtraction { get; init; }

    /// <summary>Also skip the anchor phrase X4 ("the answer is ..."); only meaningful with <see cref="StrictExtraction"/>.</summary>
    public bool RequireBoxOrMarker { get; init; }

    /// <summary>Relative tolerance when a decimal approximation meets an irrational or non-terminating value (section 5).</summary>
    public double FloatRelTol { get; init; } = 1e-6;

    /// <summary>Wall-clock budget for one comparison; past it the answer counts as not equal.</summary>
    public int TimeoutMs { get; init; } = 1000;

    /// <summary>Longest prediction or gold answer (characters) that is compared at all.</summary>
    public int MaxAnswerLength { get; init; } = 4000;

    /// <summary>Extract only from the text after the last <c>&lt;/think&gt;</c> when present.</summary>
    public bool AfterThinkOnly { get; init; }

    public GradeOptions Validate()
    {
        if (!(FloatRelTol > 0 && FloatRelTol < 0.1))
            throw new ArgumentOutOfRangeException(nameof(FloatRelTol), FloatRelTol, "must lie in (0, 0.1)");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TimeoutMs);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAnswerLength, 16);
        return this;
    }
}
