using System.Globalization;

namespace Gvm.Reasoning.Tokenizers;

/// <summary>
/// The Qwen2 pre-tokenizer: splits text into the matches of
/// <c>(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+</c>
/// (shared/data/tokenizers/qwen2/SOURCES.md, pipeline step 3), written out as a scanner over Unicode code points.
/// Why not <see cref="System.Text.RegularExpressions.Regex"/>: .NET matches UTF-16 code units, so letters and digits
/// outside the BMP (math alphanumerics such as 𝑥 or 𝟏, CJK extension B) would be classed as symbols, while the
/// reference (Oniguruma in HF tokenizers, the <c>regex</c> module in transformers) matches code points. The
/// scanner is also about 10× faster. Each branch below names the regex alternative it implements.
/// </summary>
public static class Qwen2PreTokenizer
{
    /// <summary>The reference split pattern, for tokenizer.json checks and documentation.</summary>
    public const string Pattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private enum Kind : byte { Other, Letter, Number, Space, Newline }

    private static readonly Kind[] AsciiKinds = BuildAscii();

    /// <summary>Splits <paramref name="text"/> into pre-tokens, as (start, length) pairs in UTF-16 units.</summary>
    public static List<(int Start, int Length)> Split(ReadOnlySpan<char> text)
    {
        var pieces = new List<(int, int)>();
        for (var pos = 0; pos < text.Length;)
        {
            var end = NextEnd(text, pos);
            pieces.Add((pos, end - pos));
            pos = end;
        }
        return pieces;
    }

    /// <summary>The end (exclusive) of the pre-token that starts at <paramref name="start"/> (&lt; text.Length).</summary>
    public static int NextEnd(ReadOnlySpan<char> text, int start)
    {
        var kind = KindAt(text, start, out var width);
        var next = start + width;

        // (?i:'s|'t|'re|'ve|'m|'ll|'d)
        if (text[start] == '\'' && next < text.Length)
        {
            var contraction = ContractionLength(text[next..]);
            if (contraction > 0) return next + contraction;
        }
        // [^\r\n\p{L}\p{N}]?\p{L}+
        if (kind == Kind.Letter) return SkipKind(text, next, Kind.Letter);
        if (kind is Kind.Other or Kind.Space && next < text.Length && KindAt(text, next, out var w) == Kind.Letter)
            return SkipKind(text, next + w, Kind.Letter);
        // \p{N}: a single digit or number character, never a run
        if (kind == Kind.Number) return next;
        // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
        if (kind == Kind.Other) return SkipKind(text, SkipKind(text, next, Kind.Other), Kind.Newline);
        if (text[start] == ' ' && next < text.Length && KindAt(text, next, out _) == Kind.Other)
            return SkipKind(text, SkipKind(text, next, Kind.Other), Kind.Newline);

        // Only whitespace is left. The run of \s from start:
        var runEnd = start;
        var lastNewline = -1;
        while (runEnd < text.Length)
        {
            var k = KindAt(text, runEnd, out _);
            if (k == Kind.Newline) lastNewline = runEnd;
            else if (k != Kind.Space) break;
            runEnd++; // whitespace is always in the BMP: one unit per code point
        }
        // \s*[\r\n]+ : greedy \s* backs off to the last CR/LF of the run
        if (lastNewline >= 0) return lastNewline + 1;
        // \s+(?!\S) : the whole run at the end of text, else the run minus its last space (if that leaves any)
        if (runEnd == text.Length) return runEnd;
        if (runEnd - start > 1) return runEnd - 1;
        // \s+
        return runEnd;
    }

    private static int ContractionLength(ReadOnlySpan<char> after)
    {
        var c0 = char.ToLowerInvariant(after[0]);
        if (c0 is 's' or 't' or 'm' or 'd' or 'ſ') return 1; // (?i) folds U+017F LONG S to 's' (CaseFolding.txt)
        if (after.Length < 2) return 0;
        var c1 = char.ToLowerInvariant(after[1]);
        return (c0, c1) is ('r', 'e') or ('v', 'e') or ('l', 'l') ? 2 : 0;
    }

    private static int SkipKind(ReadOnlySpan<char> text, int pos, Kind kind)
    {
        while (pos < text.Length && KindAt(text, pos, out var w) == kind) pos += w;
        return pos;
    }

    private static Kind KindAt(ReadOnlySpan<char> text, int index, out int width)
    {
        var c = text[index];
        width = 1;
        if (c < 128) return AsciiKinds[c];
        int cp = c;
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            cp = char.ConvertToUtf32(c, text[index + 1]);
            width = 2;
        }
        return Classify(cp);
    }

    private static Kind Classify(int cp)
    {
        // \s is Unicode White_Space (Oniguruma and the regex module agree); the only non-ASCII members are these.
        if (cp is 0x85 or 0xA0 or 0x1680 or >= 0x2000 and <= 0x200A or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000)
            return Kind.Space;
        if (cp is >= 0xD800 and <= 0xDFFF) return Kind.Other; // lone surrogate
        return CharUnicodeInfo.GetUnicodeCategory(cp) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => Kind.Letter,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => Kind.Number,
            _ => Kind.Other,
        };
    }

    private static Kind[] BuildAscii()
    {
        var kinds = new Kind[128];
        for (var c = 0; c < 128; c++)
        {
            kinds[c] = c switch
            {
                '\r' or '\n' => Kind.Newline,
                '\t' or '\v' or '\f' or ' ' => Kind.Space,
                _ => Classify(c),
            };
        }
        return kinds;
    }

    /// <summary>Debug helper: the pre-tokens as strings.</summary>
    public static IReadOnlyList<string> SplitToStrings(string text)
    {
        var result = new List<string>();
        foreach (var (start, length) in Split(text)) result.Add(text.Substring(start, length));
        return result;
    }
}
