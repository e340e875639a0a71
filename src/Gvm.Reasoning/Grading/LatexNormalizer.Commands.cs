using System.Text;

namespace Gvm.Reasoning.Grading;

/// <summary>Command-level passes: spacing, sizing, spellings, degrees, percent, thousands separators.</summary>
internal static partial class LatexNormalizer
{
    private static readonly Dictionary<string, string> CommandRewrites = new(StringComparer.Ordinal)
    {
        [","] = " ", [";"] = " ", [":"] = " ", [" "] = " ", ["quad"] = " ", ["qquad"] = " ", ["displaystyle"] = " ",
        ["textstyle"] = " ", ["scriptstyle"] = " ", ["limits"] = " ", ["left"] = "", ["right"] = "", ["bigl"] = "",
        ["bigr"] = "", ["Bigl"] = "", ["Bigr"] = "", ["big"] = "", ["Big"] = "", ["bigg"] = "", ["Bigg"] = "",
        ["biggl"] = "", ["biggr"] = "", ["Biggl"] = "", ["Biggr"] = "", ["middle"] = "", ["dfrac"] = "\\frac",
        ["tfrac"] = "\\frac", ["cfrac"] = "\\frac", ["dbinom"] = "\\binom", ["tbinom"] = "\\binom", ["geqslant"] = "\\ge",
        ["geq"] = "\\ge", ["leqslant"] = "\\le", ["leq"] = "\\le", ["neq"] = "\\ne", ["%"] = "%", ["lvert"] = "|",
        ["rvert"] = "|", ["vert"] = "|", ["lVert"] = "|", ["rVert"] = "|", ["mid"] = "|", ["dots"] = "\\ldots",
        ["cdots"] = "\\ldots", ["dotsc"] = "\\ldots", ["dotsb"] = "\\ldots",
    };

    /// <summary><c>10,\!080</c>, <c>11,\! 111</c> and <c>14{,}916</c> are thousands separators wherever they sit (N5, N14).</summary>
    private static string ExplicitThousands(string s)
    {
        if (!s.Contains(",\\!", StringComparison.Ordinal) && !s.Contains("{,}", StringComparison.Ordinal)) return s;
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            int len = string.CompareOrdinal(s, i, ",\\!", 0, 3) == 0 ? 3 : string.CompareOrdinal(s, i, "{,}", 0, 3) == 0 ? 3 : 0;
            if (len > 0)
            {
                int j = i + len;
                while (j < s.Length && s[j] == ' ') j++;
                if (i > 0 && char.IsAsciiDigit(s[i - 1]) && j + 2 < s.Length && IsDigits(s, j, 3)) { i = j - 1; continue; }
                sb.Append(',');
                i += len - 1;
                continue;
            }
            sb.Append(s[i]);
        }
        return sb.ToString();
    }

    private static bool IsDigits(string s, int start, int count)
    {
        for (int k = 0; k < count; k++)
            if (start + k >= s.Length || !char.IsAsciiDigit(s[start + k])) return false;
        return start + count >= s.Length || !char.IsAsciiDigit(s[start + count]);
    }

    /// <summary>One scan over <c>\name</c> tokens applying <see cref="CommandRewrites"/>; <c>\!</c> eats following spaces.</summary>
    private static string RewriteCommands(string s)
    {
        if (!s.Contains('\\')) return s;
        var sb = new StringBuilder(s.Length);
        int i = 0;
        while (i < s.Length)
        {
            if (s[i] != '\\' || i + 1 >= s.Length) { sb.Append(s[i++]); continue; }
            if (s[i + 1] == '\\') { sb.Append("\\\\"); i += 2; continue; }
            if (s[i + 1] == '!')
            {
                i += 2;
                while (i < s.Length && s[i] == ' ') i++;
                continue;
            }
            int j = i + 1;
            while (j < s.Length && char.IsAsciiLetter(s[j])) j++;
            string name = j == i + 1 ? s[i + 1].ToString() : s[(i + 1)..j];
            int end = j == i + 1 ? i + 2 : j;
            if (CommandRewrites.TryGetValue(name, out var replacement))
            {
                sb.Append(replacement);
                // "\left." and "\right." are invisible delimiters.
                if (replacement.Length == 0 && end < s.Length && s[end] == '.') end++;
                if (replacement.StartsWith('\\') && end < s.Length && char.IsAsciiLetter(s[end])) sb.Append(' ');
                i = end;
                continue;
            }
            sb.Append(s, i, end - i);
            i = end;
        }
        return sb.ToString();
    }

    /// <summary>N11: <c>^\circ</c>, <c>^{\circ}</c> (and ° via N1) go everywhere; degrees are never converted.</summary>
    private static string RemoveDegrees(string s)
    {
        int at = s.IndexOf("\\circ", StringComparison.Ordinal);
        if (at < 0) return s;
        var sb = new StringBuilder(s.Length);
        int i = 0;
        while (i < s.Length)
        {
            if (s[i] == '^')
            {
                int j = i + 1;
                while (j < s.Length && s[j] == ' ') j++;
                bool brace = j < s.Length && s[j] == '{';
                if (brace) { j++; while (j < s.Length && s[j] == ' ') j++; }
                if (string.CompareOrdinal(s, j, "\\circ", 0, 5) == 0 && (j + 5 >= s.Length || !char.IsAsciiLetter(s[j + 5])))
                {
                    j += 5;
                    while (j < s.Length && s[j] == ' ') j++;
                    if (brace && j < s.Length && s[j] == '}') j++;
                    i = j;
                    continue;
                }
            }
            sb.Append(s[i++]);
        }
        return sb.ToString();
    }

    /// <summary>N13: "percent", "percentage" and "pct" after a number become '%'.</summary>
    private static string PercentWords(string s)
    {
        foreach (var word in (ReadOnlySpan<string>)["percentage", "percent", "pct"])
        {
            int at = s.IndexOf(word, StringComparison.OrdinalIgnoreCase);
            if (at <= 0) continue;
            int end = at + word.Length;
            if (end < s.Length && char.IsAsciiLetter(s[end])) continue;
            int before = at - 1;
            while (before >= 0 && s[before] == ' ') before--;
            if (before >= 0 && (char.IsAsciiDigit(s[before]) || s[before] == '}'))
                s = string.Concat(s.AsSpan(0, before + 1), "%", s.AsSpan(end));
        }
        return s;
    }

    /// <summary>
    /// N14: commas (no space after) or single spaces between digit groups of exactly three are thousands separators,
    /// but only outside brackets, so <c>(2,100)</c> stays a pair. <c>32, 349</c> is a list.
    /// </summary>
    private static string DepthZeroThousands(string s)
    {
        if (!s.Contains(',') && !s.Contains(' ')) return s;
        var sb = new StringBuilder(s.Length);
        int depth = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c is '(' or '[') depth++;
            else if (c is ')' or ']') depth = Math.Max(0, depth - 1);
            else if (c == '\\' && i + 1 < s.Length && s[i + 1] == '{') depth++;
            else if (c == '\\' && i + 1 < s.Length && s[i + 1] == '}') depth = Math.Max(0, depth - 1);
            if (depth == 0 && (c == ',' || c == ' ') && IsThousandsSeparator(s, i)) continue;
            sb.Append(c);
        }
        return sb.ToString();
    }

    private static bool IsThousandsSeparator(string s, int i)
    {
        char sep = s[i];
        int a = i;
        while (a > 0 && (char.IsAsciiDigit(s[a - 1]) || (s[a - 1] == sep && a >= 2 && char.IsAsciiDigit(s[a - 2])))) a--;
        int b = i;
        while (b + 1 < s.Length && (char.IsAsciiDigit(s[b + 1]) || (s[b + 1] == sep && b + 2 < s.Length && char.IsAsciiDigit(s[b + 2])))) b++;
        if (a == i || b == i) return false;
        int group = 0, groups = 0;
        for (int k = a; k <= b + 1; k++)
        {
            if (k <= b && s[k] != sep) { group++; continue; }
            if (groups == 0 ? group is < 1 or > 3 : group != 3) return false;
            groups++;
            group = 0;
        }
        if (s[a] == '0') return false;
        return a == 0 || !(s[a - 1] is '.' or '_' or '^' || char.IsAsciiLetter(s[a - 1]));
    }
}
