namespace Gvm.Training.Rewards;

/// <summary>
/// The 0/1 outcome reward: 1 when the response's final \boxed{} answer is equivalent to the reference.
/// This is the single seam to the answer grader, so the built-in task and real math data score the same way.
/// </summary>
public static class AnswerReward
{
    public static double Score(string response, string reference)
    {
        var answer = LastBoxed(response);
        return answer is not null && string.Equals(answer.Trim(), reference.Trim(), StringComparison.Ordinal) ? 1.0 : 0.0;
    }

    /// <summary>Content of the last \boxed{...} (balanced braces), or null.</summary>
    private static string? LastBoxed(string text)
    {
        var start = text.LastIndexOf(@"\boxed{", StringComparison.Ordinal);
        if (start < 0) return null;
        var i = start + 7;
        var depth = 1;
        for (var j = i; j < text.Length; j++)
        {
            if (text[j] == '{') depth++;
            else if (text[j] == '}' && --depth == 0) return text[i..j];
        }
        return null;
    }
}
