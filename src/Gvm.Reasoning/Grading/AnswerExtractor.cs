using System.Text;

namespace Gvm.Reasoning.Grading;

/// <summary>
/// Pulls the final answer out of a full chain-of-thought response, in the order of spec section 3.1:
/// X1 Minerva sentence, X2 last box (joined with adjacent boxes), X3 GSM8K <c>####</c>, X4 anchor phrase,
/// X5 lenient fallback (last math span or number). All searches are linear scans; no regular expressions.
/// </summary>
public static partial class AnswerExtractor
{
    private const int MaxAnswerChars = 2000;
    private const string HopeMarker = "I hope it is correct";
    private const string FinalAnswerIs = "final answer is";

    /// <summary>Extracted answer, or null when the response has no answer (X6).</summary>
    public static ExtractedAnswer? Extract(string response, GradeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        options ??= GradeOptions.Default;
        var text = response;
        if (options.AfterThinkOnly)
        {
            int think = text.LastIndexOf("</think>", StringComparison.Ordinal);
            if (think >= 0) text = text[(think + 8)..];
        }
        if (MinervaLine(text) is { } minerva) return new ExtractedAnswer(minerva, ExtractionSource.MinervaLine);
        var boxed = LastBoxes(text, out bool sawBox);
        if (sawBox) return boxed is null ? null : new ExtractedAnswer(boxed, ExtractionSource.Boxed);
        if (GsmMarker(text) is { } gsm) return new ExtractedAnswer(gsm, ExtractionSource.GsmMarker);
        if (options.StrictExtraction && options.RequireBoxOrMarker) return null;
        if (AnchorPhrase(text) is { } anchored) return new ExtractedAnswer(anchored, ExtractionSource.AnchorPhrase);
        if (options.StrictExtraction) return null;
        return LastSpanOrNumber(text, 0, text.Length) is { } last ? new ExtractedAnswer(last, ExtractionSource.Fallback) : null;
    }

    /// <summary>
    /// Gold preprocessing (section 3.1): a Minerva solution yields its last box, a GSM8K solution the number after its
    /// last <c>####</c>; <c>$</c> delimiters and a trailing period are removed later by normalisation.
    /// </summary>
    public static string PrepareGold(string gold)
    {
        ArgumentNullException.ThrowIfNull(gold);
        var g = gold.Trim();
        if (g.Contains("\\boxed", StringComparison.Ordinal) || g.Contains("\\fbox", StringComparison.Ordinal))
            return LastBoxes(g, out _) ?? g;
        if (g.Contains("####", StringComparison.Ordinal)) return GsmMarker(g) ?? g;
        return g;
    }

    /// <summary>X1: last "final answer is X. I hope it is correct" (case-insensitive), delimiters stripped.</summary>
    private static string? MinervaLine(string text)
    {
        int hope = text.LastIndexOf(HopeMarker, StringComparison.OrdinalIgnoreCase);
        if (hope < 0) return null;
        int start = text.LastIndexOf(FinalAnswerIs, hope, StringComparison.OrdinalIgnoreCase);
        if (start < 0 || hope - start > MaxAnswerChars) return null;
        var answer = text[(start + FinalAnswerIs.Length)..hope].Trim();
        if (answer.EndsWith('.')) answer = answer[..^1].TrimEnd();
        answer = StripMathDelimiters(answer);
        return answer.Length == 0 ? null : answer;
    }

    internal static string StripMathDelimiters(string s)
    {
        s = s.Trim();
        if (s.Length >= 4 && s.StartsWith("$$", StringComparison.Ordinal) && s.EndsWith("$$", StringComparison.Ordinal)) return s[2..^2].Trim();
        if (s.Length >= 2 && s[0] == '$' && s[^1] == '$') return s[1..^1].Trim();
        if (s.Length >= 4 && s[0] == '\\' && ((s[1] == '(' && s.EndsWith("\\)", StringComparison.Ordinal)) || (s[1] == '[' && s.EndsWith("\\]", StringComparison.Ordinal))))
            return s[2..^2].Trim();
        return s;
    }

    /// <summary>X3: the number after the last <c>####</c>, with ',' and '$' removed.</summary>
    private static string? GsmMarker(string text)
    {
        int at = text.LastIndexOf("####", StringComparison.Ordinal);
        if (at < 0) return null;
        int i = at + 4;
        while (i < text.Length && (text[i] is ' ' or '$')) i++;
        var sb = new StringBuilder();
        if (i < text.Length && text[i] is '-' or '+') sb.Append(text[i++]);
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is ',' or '$' || (text[i] == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))))
        {
            if (text[i] is not (',' or '$')) sb.Append(text[i]);
            i++;
        }
        return sb.Length == 0 || sb.ToString() is "-" or "+" ? null : sb.ToString();
    }
}
