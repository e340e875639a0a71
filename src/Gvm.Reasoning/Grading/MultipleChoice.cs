namespace Gvm.Reasoning.Grading;

/// <summary>
/// Multiple-choice letters (spec section 8): after text wrappers are gone, <c>C</c> or <c>(C)</c> with a letter A–E.
/// Stray letters in longer text never count.
/// </summary>
internal static class MultipleChoice
{
    public static char? Letter(string normalized)
    {
        var s = normalized.AsSpan().Trim();
        if (s.Length == 3 && s[0] == '(' && s[2] == ')') s = s[1..2];
        return s.Length == 1 && s[0] is >= 'A' and <= 'E' ? s[0] : null;
    }
}
