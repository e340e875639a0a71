using System.Text;

namespace Gvm.Reasoning.Grading;

/// <summary>Units, text wrappers, word answers, conjunctions and prefixes (N9, N12, N16, section 10).</summary>
internal static partial class LatexNormalizer
{
    private static readonly string[] TextWrappers =
        ["\\textnormal", "\\textbf", "\\textit", "\\text", "\\mathrm", "\\mathbf", "\\mbox", "\\mathit", "\\boldsymbol", "\\textsf"];

    /// <summary>Unit words stripped after a number (N12). Single letters need a space before them or a ^n after.</summary>
    private static readonly HashSet<string> UnitWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "m", "cm", "mm", "km", "nm", "g", "kg", "mg", "s", "ms", "h", "l", "ml", "in", "ft", "yd", "mi", "lb", "lbs", "oz",
        "inch", "inches", "foot", "feet", "yard", "yards", "mile", "miles", "meter", "meters", "metre", "metres",
        "centimeter", "centimeters", "millimeter", "millimeters", "kilometer", "kilometers", "unit", "units",
        "square", "sq", "cubic", "cent", "cents", "dollar", "dollars", "yuan", "euro", "euros", "pound", "pounds",
        "hour", "hours", "hr", "hrs", "minute", "minutes", "min", "mins", "second", "seconds", "sec", "day", "days",
        "week", "weeks", "month", "months", "year", "years", "degree", "degrees", "mph", "kmh", "gram", "grams",
        "kilogram", "kilograms", "liter", "liters", "litre", "litres", "gallon", "gallons", "student", "students",
        "people", "person", "persons", "edge", "edges", "ways", "points", "digits", "times", "percentile", "rad",
        "radians", "radian", "sqft", "mL", "usd", "rmb", "J", "N", "W", "V", "K", "Hz", "eV", "Pa",
    };

    private static string StripTrailingUnits(string s)
    {
        for (int round = 0; round < 3; round++)
        {
            var next = StripOneTrailingUnit(s);
            if (ReferenceEquals(next, s)) return s;
            s = next;
        }
        return s;
    }

    private static string StripOneTrailingUnit(string s)
    {
        var t = s.TrimEnd();
        int end = t.Length;
        // Optional ^2 / ^3 / ^{2} after the unit.
        if (end >= 2 && t[end - 2] == '^' && t[end - 1] is '2' or '3') end -= 2;
        else if (end >= 4 && t[end - 1] == '}' && t[end - 4] == '^' && t[end - 3] == '{' && t[end - 2] is '2' or '3') end -= 4;
        bool powered = end != t.Length;
        int unitStart;
        string unit;
        if (end > 0 && t[end - 1] == '}')
        {
            int open = OpeningBrace(t, end - 1);
            if (open < 0) return s;
            unitStart = WrapperStart(t, open);
            if (unitStart < 0) return s;
            unit = t[(open + 1)..(end - 1)].Replace("~", " ").Replace("\\ ", " ").Trim();
            bool isMathrm = string.CompareOrdinal(t, unitStart, "\\mathrm", 0, 7) == 0;
            if (unit.Length == 0 || unit is "and" or "or" || !IsUnitText(unit) || (isMathrm && !UnitWords.Contains(unit))) return s;
        }
        else
        {
            unitStart = TrailingWords(t, end, powered);
            if (unitStart < 0) return s;
        }
        var before = t[..unitStart].TrimEnd();
        if (before.Length == 0) return s;
        char last = before[^1];
        return char.IsAsciiDigit(last) || last is '}' or '%' ? before : s;
    }

    /// <summary>Start of the <c>\text</c>-style command owning the brace at <paramref name="open"/>, or -1.</summary>
    private static int WrapperStart(string t, int open)
    {
        int k = open - 1;
        while (k >= 0 && t[k] == ' ') k--;
        int nameEnd = k + 1;
        while (k >= 0 && char.IsAsciiLetter(t[k])) k--;
        if (k < 0 || t[k] != '\\') return -1;
        return TextWrappers.Contains(t[k..nameEnd]) ? k : -1;
    }

    private static readonly HashSet<string> NotUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "sin", "cos", "tan", "log", "ln", "mod", "sqrt", "exp", "inf", "infinity", "pi", "infty", "is",
    };

    /// <summary>
    /// Start of the trailing unit words before <paramref name="end"/> ("square units", "cm", "apples"), or -1. Listed
    /// unit words always qualify; any other plain lowercase word of 3+ letters qualifies only right after a number and a
    /// space. Single-letter units need a space before them or a power after them.
    /// </summary>
    private static int TrailingWords(string t, int end, bool powered)
    {
        int start = -1;
        int cursor = end;
        for (int words = 0; words < 3; words++)
        {
            int ws = cursor;
            while (ws > 0 && char.IsAsciiLetter(t[ws - 1])) ws--;
            if (ws == cursor || (ws > 0 && t[ws - 1] == '\\')) break;
            var word = t[ws..cursor];
            if (NotUnits.Contains(word)) break;
            int before = ws - 1;
            while (before >= 0 && t[before] == ' ') before--;
            bool spaced = before < ws - 1;
            bool afterNumber = before >= 0 && (char.IsAsciiDigit(t[before]) || t[before] is '}' or '%');
            bool listed = UnitWords.Contains(word) && (word.Length > 1 || spaced || (powered && words == 0));
            bool plainWord = word.Length >= 3 && word.All(char.IsAsciiLetterLower) && spaced && afterNumber;
            if (!listed && !plainWord) break;
            start = ws;
            if (afterNumber) return start;
            cursor = before + 1;
            if (before < 0 || !char.IsAsciiLetter(t[before])) break;
        }
        return -1;
    }

    private static bool IsUnitText(string unit)
    {
        foreach (var c in unit)
            if (!(char.IsAsciiLetter(c) || c is ' ' or '.' or '/' or '^' || char.IsAsciiDigit(c))) return false;
        return char.IsAsciiLetter(unit[0]);
    }

    private static int OpeningBrace(string s, int close)
    {
        int depth = 0;
        for (int i = close; i >= 0; i--)
        {
            if (s[i] == '}') depth++;
            else if (s[i] == '{' && --depth == 0) return i;
        }
        return -1;
    }

    private static bool IsWholeWrapper(string s)
    {
        foreach (var w in TextWrappers)
        {
            if (!s.StartsWith(w, StringComparison.Ordinal)) continue;
            int open = w.Length;
            while (open < s.Length && s[open] == ' ') open++;
            return open < s.Length && s[open] == '{' && MatchBrace(s, open) == s.Length - 1;
        }
        return false;
    }

    /// <summary>N9: <c>\text{X}</c>-style wrappers become X; a wrapped "and"/"or" becomes a list comma.</summary>
    private static string UnwrapTextCommands(string s)
    {
        if (!s.Contains('\\')) return s;
        var sb = new StringBuilder(s.Length);
        int i = 0;
        while (i < s.Length)
        {
            string? wrapper = null;
            if (s[i] == '\\')
                foreach (var w in TextWrappers)
                    if (string.CompareOrdinal(s, i, w, 0, w.Length) == 0 && (i + w.Length >= s.Length || !char.IsAsciiLetter(s[i + w.Length])))
                    { wrapper = w; break; }
            if (wrapper is null) { sb.Append(s[i++]); continue; }
            int open = i + wrapper.Length;
            while (open < s.Length && s[open] == ' ') open++;
            int close = open < s.Length && s[open] == '{' ? MatchBrace(s, open) : -1;
            if (close < 0) { sb.Append(s[i++]); continue; }
            var inner = s[(open + 1)..close];
            var trimmed = inner.Trim();
            if (trimmed is "and" or "or" or ",") sb.Append(',');
            else sb.Append(UnwrapTextCommands(inner));
            i = close + 1;
        }
        return sb.ToString();
    }

    /// <summary>Word answers (section 10): letters and spaces only, compared case-insensitively.</summary>
    private static bool IsWordAnswer(string s, bool wrapped)
    {
        int letters = 0, run = 0, maxRun = 0;
        foreach (var c in s)
        {
            if (char.IsLetter(c)) { letters++; run++; maxRun = Math.Max(maxRun, run); continue; }
            run = 0;
            if (c is not (' ' or '-' or '\'')) return false;
        }
        if (letters < 2) return false;
        var lower = s.Trim().ToLowerInvariant();
        if (lower is "infinity" or "inf" or "infty" or "pi") return false;
        return wrapped ? maxRun >= 2 : maxRun >= 3;
    }

    /// <summary>" and " / " or " between items become commas: <c>1 and 2 and 3</c> is the list 1, 2, 3.</summary>
    private static string Conjunctions(string s)
    {
        if (s.IndexOf(" and ", StringComparison.OrdinalIgnoreCase) < 0 && s.IndexOf(" or ", StringComparison.OrdinalIgnoreCase) < 0
            && !s.StartsWith("and ", StringComparison.OrdinalIgnoreCase))
            return s;
        return s.Replace(" and ", ",", StringComparison.OrdinalIgnoreCase).Replace(" or ", ",", StringComparison.OrdinalIgnoreCase)
            .Replace(",and ", ",", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>N16: <c>x \in (2,12)</c> → <c>(2,12)</c>.</summary>
    private static string MembershipPrefix(string s)
    {
        int at = s.IndexOf("\\in", StringComparison.Ordinal);
        if (at < 1 || at > 24 || (at + 3 < s.Length && char.IsAsciiLetter(s[at + 3]))) return s;
        var head = s[..at].Trim();
        if (head.Length == 0 || !char.IsAsciiLetter(head[0])) return s;
        foreach (var c in head)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '{' or '}' or '\\')) return s;
        return s[(at + 3)..].Trim();
    }

    private static readonly string[] BareFunctions = ["sqrt", "sin", "cos", "tan", "log", "ln", "pi", "infinity", "infty"];

    /// <summary>Bare <c>sqrt(2)</c>, <c>pi</c>, <c>infinity</c> get their backslash.</summary>
    private static string BareFunctionWords(string s)
    {
        foreach (var w in BareFunctions)
        {
            int at = s.IndexOf(w, StringComparison.Ordinal);
            if (at < 0) continue;
            var sb = new StringBuilder(s.Length + 8);
            int i = 0;
            while (i < s.Length)
            {
                bool word = string.CompareOrdinal(s, i, w, 0, w.Length) == 0
                    && (i == 0 || !(char.IsAsciiLetter(s[i - 1]) || s[i - 1] == '\\'))
                    && (i + w.Length >= s.Length || !char.IsAsciiLetter(s[i + w.Length]));
                if (word)
                {
                    sb.Append('\\').Append(w is "infinity" ? "infty" : w);
                    if (i + w.Length < s.Length && char.IsAsciiLetterOrDigit(s[i + w.Length]) && w is "pi" or "infinity" or "infty") sb.Append(' ');
                    i += w.Length;
                    continue;
                }
                sb.Append(s[i++]);
            }
            s = sb.ToString();
        }
        return s;
    }
}
