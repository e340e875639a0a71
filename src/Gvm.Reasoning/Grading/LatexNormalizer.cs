using System.Text;

namespace Gvm.Reasoning.Grading;

/// <summary>Result of normalising one answer: the cleaned text, and whether it is a word answer (section 10).</summary>
internal readonly record struct NormalizedAnswer(string Text, bool IsWords);

/// <summary>
/// String normalisation applied to both prediction and gold (spec section 4, steps N1–N17). Every pass is a single
/// linear scan; nothing here can backtrack.
/// </summary>
internal static partial class LatexNormalizer
{
    public static NormalizedAnswer Normalize(string raw)
    {
        var s = Unicode(raw);                       // N1
        s = CollapseDoubledBackslashes(s);          // N4
        s = RemoveDelimiters(s);                    // N2
        s = TrimAnswer(s);
        s = UnwrapBoxes(s);                         // N3
        s = ExplicitThousands(s);                   // N5 part: 10,\!080 and 14{,}916
        s = RewriteCommands(s);                     // N5 spacing, N6 sizing, N7 spellings, \% and |
        s = RemoveDegrees(s);                       // N11
        s = PercentWords(s);                        // N13
        s = StripTrailingUnits(s);                  // N12
        s = TrimAnswer(s);
        bool wrapped = IsWholeWrapper(s);
        s = UnwrapTextCommands(s);                  // N9
        s = TrimAnswer(s);
        if (IsWordAnswer(s, wrapped)) return new NormalizedAnswer(CollapseSpaces(s), true);
        s = Conjunctions(s);                        // "and"/"or" separate list items (section 7.3)
        s = MembershipPrefix(s);                    // N16
        s = BareFunctionWords(s);
        s = DepthZeroThousands(s);                  // N14
        return new NormalizedAnswer(TrimAnswer(s), false);
    }

    private static string Unicode(string s)
    {
        bool plain = true;
        foreach (var c in s)
            if (c > 126 || c == '\n' || c == '\r' || c == '\t') { plain = false; break; }
        if (plain) return s;
        var sb = new StringBuilder(s.Length + 8);
        foreach (var c in s)
        {
            switch (c)
            {
                case '−' or '–' or '—': sb.Append('-'); break;
                case '√': sb.Append("\\sqrt "); break;
                case 'π': sb.Append("\\pi "); break;
                case '∞': sb.Append("\\infty "); break;
                case '≤': sb.Append("\\le "); break;
                case '≥': sb.Append("\\ge "); break;
                case '≠': sb.Append("\\ne "); break;
                case '×': sb.Append("\\times "); break;
                case '·' or '⋅': sb.Append("\\cdot "); break;
                case '÷': sb.Append("\\div "); break;
                case '±': sb.Append("\\pm "); break;
                case '∪': sb.Append("\\cup "); break;
                case '°': sb.Append("^\\circ "); break;
                case '≈': sb.Append("\\approx "); break;
                case '∈': sb.Append("\\in "); break;
                case '∓': sb.Append("\\mp "); break;
                case '∅': sb.Append("\\emptyset "); break;
                case 'θ': sb.Append("\\theta "); break;
                case 'α': sb.Append("\\alpha "); break;
                case 'β': sb.Append("\\beta "); break;
                case '½': sb.Append("\\frac{1}{2}"); break;
                case '⅓': sb.Append("\\frac{1}{3}"); break;
                case '¼': sb.Append("\\frac{1}{4}"); break;
                case '¾': sb.Append("\\frac{3}{4}"); break;
                case '²': sb.Append("^2"); break;
                case '³': sb.Append("^3"); break;
                case '\u00a0' or '\n' or '\r' or '\t' or '\u2009' or '\u202f': sb.Append(' '); break;
                case '€' or '£' or '¥' or '₹': break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>N4: outside matrix environments <c>\\frac</c> → <c>\frac</c>; inside them <c>\\</c> separates rows.</summary>
    private static string CollapseDoubledBackslashes(string s)
    {
        if (!s.Contains("\\\\", StringComparison.Ordinal)) return s;
        var sb = new StringBuilder(s.Length);
        int env = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length && s[i + 1] == '\\' && i + 2 < s.Length && char.IsAsciiLetter(s[i + 2]) && env == 0)
                continue;
            if (s[i] == '\\')
            {
                if (string.CompareOrdinal(s, i, "\\begin", 0, 6) == 0) env++;
                else if (string.CompareOrdinal(s, i, "\\end", 0, 4) == 0 && env > 0) env--;
                else if (s.Length > i + 1 && s[i + 1] == '\\') { sb.Append("\\\\"); i++; continue; }
            }
            sb.Append(s[i]);
        }
        return sb.ToString();
    }

    /// <summary>N2 and N10: <c>$</c>, <c>$$</c>, <c>\(</c>, <c>\)</c>, <c>\[</c>, <c>\]</c> delimiters and <c>\$</c> go.</summary>
    private static string RemoveDelimiters(string s)
    {
        if (s.IndexOfAny(['$', '\\']) < 0) return s;
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '$') continue;
            if (c == '\\' && i + 1 < s.Length)
            {
                char n = s[i + 1];
                if (n is '$' or '(' or ')' or '[' or ']') { i++; continue; }
                if (n == '\\') { sb.Append("\\\\"); i++; continue; }
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    internal static string TrimAnswer(string s)
    {
        if (s.Contains("**", StringComparison.Ordinal)) s = s.Replace("**", "", StringComparison.Ordinal);
        int end = s.Length;
        while (end > 0 && (s[end - 1] is ' ' or '.' or ',' or ';') && !(end >= 2 && s[end - 2] == '\\')) end--;
        int start = 0;
        while (start < end && s[start] == ' ') start++;
        return start == 0 && end == s.Length ? s : s[start..end];
    }

    /// <summary>N3: a whole-answer <c>\boxed{…}</c> or <c>\fbox{…}</c> is unwrapped.</summary>
    private static string UnwrapBoxes(string s)
    {
        for (int guard = 0; guard < 4; guard++)
        {
            int skip = s.StartsWith("\\boxed", StringComparison.Ordinal) ? 6 : s.StartsWith("\\fbox", StringComparison.Ordinal) ? 5 : -1;
            if (skip < 0) return s;
            int open = skip;
            while (open < s.Length && s[open] == ' ') open++;
            if (open >= s.Length || s[open] != '{') return s;
            int close = MatchBrace(s, open);
            if (close != s.Length - 1) return s;
            s = TrimAnswer(s[(open + 1)..close]);
        }
        return s;
    }

    /// <summary>Index of the brace closing the one at <paramref name="open"/>, or -1.</summary>
    internal static int MatchBrace(string s, int open)
    {
        int depth = 0;
        for (int i = open; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length && s[i + 1] is '{' or '}') { i++; continue; }
            if (s[i] == '{') depth++;
            else if (s[i] == '}' && --depth == 0) return i;
        }
        return -1;
    }

    private static string CollapseSpaces(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
            if (c != ' ' || (sb.Length > 0 && sb[^1] != ' ')) sb.Append(c);
        return sb.ToString().Trim();
    }
}
