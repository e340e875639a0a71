using Gvm.Reasoning.Grading.Expressions;

namespace Gvm.Reasoning.Grading;

/// <summary>
/// Math answer verification: the RL reward and the evaluation scorer (spec shared/specs/math-grading.md).
/// Stateless and thread-safe; every call is bounded by <see cref="GradeOptions.TimeoutMs"/>, the parser's depth and
/// step caps and the exponent guards, and never throws on bad answer text (a failure is "not equal").
/// </summary>
public static class MathGrader
{
    /// <summary>Extracts the answer from a full response (section 3.1) and compares it with the gold.</summary>
    public static GradeResult Grade(string response, string gold, GradeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(gold);
        options ??= GradeOptions.Default;
        var extracted = AnswerExtractor.Extract(response, options);
        if (extracted is null) return new GradeResult(false, null, "no answer found");
        return Compare(extracted.Text, gold, options);
    }

    /// <summary>Spec name of <see cref="Grade"/>: (correct, extracted).</summary>
    public static (bool Correct, string? Extracted) GradeResponse(string response, string gold, GradeOptions? options = null)
    {
        var r = Grade(response, gold, options);
        return (r.Correct, r.Extracted);
    }

    /// <summary>Equivalence of an already extracted prediction and a gold answer.</summary>
    public static bool IsEquivalent(string predicted, string gold, GradeOptions? options = null) =>
        Compare(predicted, gold, options ?? GradeOptions.Default).Correct;

    /// <summary>Spec name of <see cref="IsEquivalent"/>.</summary>
    public static bool AreEquivalent(string predicted, string gold, GradeOptions? options = null) =>
        IsEquivalent(predicted, gold, options);

    /// <summary>Equivalence with the reason when the answer could not be compared.</summary>
    public static GradeResult Compare(string predicted, string gold, GradeOptions options)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(options);
        var pred = predicted.Trim();
        var goldAnswer = AnswerExtractor.PrepareGold(gold);
        if (pred.Length == 0) return new GradeResult(false, predicted, "empty prediction");
        if (pred.Length > options.MaxAnswerLength || goldAnswer.Length > options.MaxAnswerLength)
            return new GradeResult(false, predicted, "answer too long");
        if (pred == goldAnswer) return new GradeResult(true, predicted);
        try
        {
            return new GradeResult(Equivalent(pred, goldAnswer, options), predicted);
        }
        catch (AnswerParseException e)
        {
            return new GradeResult(false, predicted, e.Message);
        }
        catch (GradingBudgetException e)
        {
            return new GradeResult(false, predicted, e.Message);
        }
        catch (Exception e) when (e is ArithmeticException or ArgumentException or IndexOutOfRangeException or InvalidOperationException or FormatException)
        {
            // A reward loop must never crash on model text (spec section 6, guards; verl#608): report, count as wrong.
            return new GradeResult(false, predicted, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static bool Equivalent(string pred, string gold, GradeOptions options)
    {
        var p = LatexNormalizer.Normalize(pred);
        var g = LatexNormalizer.Normalize(gold);
        if (p.Text.Length == 0 || g.Text.Length == 0) return false;
        if (MultipleChoice.Letter(g.Text) is char goldLetter) return MultipleChoice.Letter(p.Text) == goldLetter;
        if (p.IsWords || g.IsWords)
            return string.Equals(p.Text.Replace(" ", ""), g.Text.Replace(" ", ""), StringComparison.OrdinalIgnoreCase);
        if (p.Text == g.Text) return true;
        var ctx = new CompareContext(options);
        var pn = LatexParser.Parse(p.Text);
        var gn = LatexParser.Parse(g.Text);
        return AnswerComparer.Equivalent(pn, gn, ctx);
    }
}
