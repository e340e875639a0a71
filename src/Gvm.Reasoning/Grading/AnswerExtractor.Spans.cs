namespace Gvm.Reasoning.Grading;

/// <summary>Boxes (X2), anchor phrases (X4) and the lenient fallback (X5).</summary>
public static partial class AnswerExtractor
{
    private const int MaxJoinedBoxes = 32;

    /// <summary>
    /// X2: the last <c>\boxed</c>/<c>\fbox</c>, joined with earlier boxes across short gaps (&lt; 10 characters, or
    /// &lt; 70 with and/or/','/';'). An unterminated or empty last box means no answer (<paramref name="sawBox"/> is
    /// still true so the caller does not fall through).
    /// </summary>
    private static string? LastBoxes(string text, out bool sawBox)
    {
        int last = LastBoxStart(text, text.Length - 1);
        sawBox = last >= 0;
        if (last < 0 || !ReadBox(text, last, out var content, out _)) return null;
        var contents = new List<string>(1) { content };
        int cur = last;
        while (contents.Count < MaxJoinedBoxes)
        {
            int prev = cur > 0 ? LastBoxStart(text, cur - 1) : -1;
            if (prev < 0 || !ReadBox(text, prev, out var c, out int end) || end > cur) break;
            int gap = cur - end;
            if (!(gap < 10 || (gap < 70 && HasJoiner(text, end, cur)))) break;
            if (c != contents[0]) contents.Insert(0, c);
            cur = prev;
        }
        return contents.Count == 1 ? contents[0] : string.Join(",", contents);
    }

    private static int LastBoxStart(string text, int startIndex)
    {
        if (startIndex < 0) return -1;
        int b = text.LastIndexOf("\\boxed", startIndex, StringComparison.Ordinal);
        int f = text.LastIndexOf("\\fbox", startIndex, StringComparison.Ordinal);
        return Math.Max(b, f);
    }

    private static bool ReadBox(string text, int start, out string content, out int end)
    {
        content = "";
        end = start;
        int i = start + (text[start + 1] == 'b' ? 6 : 5);
        while (i < text.Length && text[i] == ' ') i++;
        if (i < text.Length && text[i] == '{')
        {
            int close = LatexNormalizer.MatchBrace(text, i);
            if (close < 0) return false;
            content = text[(i + 1)..close].Trim();
            end = close + 1;
        }
        else
        {
            // "\boxed 5$": up to the next '$' or line break.
            int j = i;
            while (j < text.Length && text[j] is not ('$' or '\n')) j++;
            content = text[i..j].Trim();
            end = j;
        }
        return content.Length > 0 && content.Length <= MaxAnswerChars;
    }

    private static bool HasJoiner(string text, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            char c = text[i];
            if (c is ',' or ';') return true;
            if (IsWordAt(text, i, to, "and") || IsWordAt(text, i, to, "or")) return true;
        }
        return false;
    }

    private static bool IsWordAt(string text, int i, int to, string word)
    {
        if (i + word.Length > to || string.Compare(text, i, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) != 0) return false;
        bool leftOk = i == 0 || !char.IsAsciiLetter(text[i - 1]);
        bool rightOk = i + word.Length >= text.Length || !char.IsAsciiLetter(text[i + word.Length]);
        return leftOk && rightOk;
    }

    /// <summary>X4: after the last "answer is" / "answer:", the rest of the line (or the next line when empty).</summary>
    private static string? AnchorPhrase(string text)
    {
        int a = text.LastIndexOf("answer is", StringComparison.OrdinalIgnoreCase);
        int b = text.LastIndexOf("answer:", StringComparison.OrdinalIgnoreCase);
        if (a < 0 && b < 0) return null;
        int start = a > b ? a + 9 : b + 7;
        int lineEnd = text.IndexOf('\n', start);
        if (lineEnd < 0) lineEnd = text.Length;
        var rest = text[start..lineEnd].Replace("**", "", StringComparison.Ordinal).Trim();
        if (rest.Length == 0 && lineEnd < text.Length)
        {
            int next = text.IndexOf('\n', lineEnd + 1);
            rest = text[(lineEnd + 1)..(next < 0 ? text.Length : next)].Replace("**", "", StringComparison.Ordinal).Trim();
        }
        rest = rest.TrimStart(':', ' ');
        if (rest.Length == 0) return null;
        if (LeadingSpan(rest) is { } span) return span;
        int stop = rest.IndexOf(". ", StringComparison.Ordinal);
        var sentence = (stop >= 0 ? rest[..stop] : rest).Trim();
        if (sentence.EndsWith('.')) sentence = sentence[..^1].TrimEnd();
        if (sentence.Length > 0 && IsClean(sentence)) return StripMathDelimiters(sentence);
        return LastSpanOrNumber(sentence, 0, sentence.Length);
    }

    private static string? LeadingSpan(string rest)
    {
        foreach (var (open, close) in (ReadOnlySpan<(string, string)>)[("$$", "$$"), ("$", "$"), ("\\(", "\\)"), ("\\[", "\\]")])
        {
            if (!rest.StartsWith(open, StringComparison.Ordinal)) continue;
            int end = rest.IndexOf(close, open.Length, StringComparison.Ordinal);
            if (end <= open.Length) return null;
            var content = rest[open.Length..end].Trim();
            return content.Length > 0 ? content : null;
        }
        return null;
    }

    /// <summary>A clean number or expression: short, and no run of two or more plain letters (words).</summary>
    private static bool IsClean(string s)
    {
        if (s.Length > 80) return false;
        int run = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\') { i++; while (i < s.Length && char.IsAsciiLetter(s[i])) i++; run = 0; continue; }
            run = char.IsAsciiLetter(s[i]) ? run + 1 : 0;
            if (run >= 2) return false;
        }
        return true;
    }

    /// <summary>X5: whichever ends last in [from, to): the last math span or the last plain number.</summary>
    private static string? LastSpanOrNumber(string text, int from, int to)
    {
        string? span = null;
        int spanEnd = -1;
        int i = from;
        while (i < to)
        {
            char c = text[i];
            if (c == '\\' && i + 1 < to)
            {
                char n = text[i + 1];
                if (n is '(' or '[')
                {
                    int j = text.IndexOf(n == '(' ? "\\)" : "\\]", i + 2, to - i - 2, StringComparison.Ordinal);
                    if (j >= 0) { Record(text[(i + 2)..j], j + 2); i = j + 2; continue; }
                }
                i += 2;
                continue;
            }
            if (c == '$')
            {
                bool dbl = i + 1 < to && text[i + 1] == '$';
                int j = dbl ? text.IndexOf("$$", i + 2, to - i - 2, StringComparison.Ordinal) : text.IndexOf('$', i + 1, to - i - 1);
                if (j < 0) break;
                Record(text[(i + (dbl ? 2 : 1))..j], j + (dbl ? 2 : 1));
                i = j + (dbl ? 2 : 1);
                continue;
            }
            i++;
        }
        var (number, numberEnd) = LastNumber(text, from, to);
        if (number is not null && numberEnd > spanEnd) return number;
        return span;

        void Record(string content, int end)
        {
            content = content.Trim();
            if (content.Length > 0 && content.Length <= MaxAnswerChars) { span = content; spanEnd = end; }
        }
    }

    private static (string? Number, int End) LastNumber(string text, int from, int to)
    {
        int p = to - 1;
        while (p >= from && !char.IsAsciiDigit(text[p])) p--;
        if (p < from) return (null, -1);
        int end = p + 1;
        if (end < to && text[end] == '%') end++;
        int s = p;
        while (s > from)
        {
            char c = text[s - 1];
            if (char.IsAsciiDigit(c)) { s--; continue; }
            bool digitBefore = s - 2 >= from && char.IsAsciiDigit(text[s - 2]);
            if (c is '.' or '/' && digitBefore) { s--; continue; }
            if (c == ',' && digitBefore && s + 2 < to && char.IsAsciiDigit(text[s + 1]) && char.IsAsciiDigit(text[s + 2])
                && (s + 3 >= to || !char.IsAsciiDigit(text[s + 3]))) { s--; continue; }
            break;
        }
        if (s > from && text[s - 1] == '-') s--;
        return (text[s..end], end);
    }
}
