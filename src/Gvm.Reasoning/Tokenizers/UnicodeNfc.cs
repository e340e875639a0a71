using System.Collections;
using System.Globalization;
using System.Text;

namespace Gvm.Reasoning.Tokenizers;

/// <summary>
/// Unicode Normalization Form C (UAX #15: canonical decomposition, canonical ordering, canonical composition).
/// Why our own: the repository runs with <c>InvariantGlobalization</c>, where <see cref="string.Normalize()"/>
/// returns its input unchanged (checked on .NET 10), and the Qwen2 tokenizer normalises every piece to NFC before
/// pre-tokenising. Tables come from Python's unicodedata (see Data/gen_nfc_data.py, <see cref="NfcData"/>).
/// </summary>
public static class UnicodeNfc
{
    private const int HangulSBase = 0xAC00, HangulLBase = 0x1100, HangulVBase = 0x1161, HangulTBase = 0x11A7;
    private const int HangulLCount = 19, HangulVCount = 21, HangulTCount = 28;
    private const int HangulNCount = HangulVCount * HangulTCount, HangulSCount = HangulLCount * HangulNCount;

    private static readonly Tables Data = Tables.Parse(NfcData.Records);

    /// <summary>The Unicode version of the tables.</summary>
    public static string UnicodeVersion => NfcData.UnicodeVersion;

    /// <summary>
    /// UAX #15 quick check: true when every character has NFC_QC=Yes and combining class 0, so NFC leaves the text
    /// unchanged (a cheap scan; ASCII and precomposed Latin are always true). False means "maybe not normalised".
    /// </summary>
    public static bool IsQuickNormalized(ReadOnlySpan<char> text)
    {
        var tables = Data;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < tables.FirstFlagged) continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (tables.AstralFlagged.Contains(char.ConvertToUtf32(c, text[i + 1]))) return false;
                i++;
            }
            else if (tables.BmpFlagged[c]) return false;
        }
        return true;
    }

    /// <summary>NFC of <paramref name="text"/>; returns the same instance when it is already normalised.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsQuickNormalized(text) ? text : NormalizeSlow(text);
    }

    /// <summary>NFC of a span (allocates only when something changes).</summary>
    public static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> text) =>
        IsQuickNormalized(text) ? text : NormalizeSlow(text).AsSpan();

    private static string NormalizeSlow(ReadOnlySpan<char> text)
    {
        var tables = Data;
        var buffer = new List<int>(text.Length + 8);
        // 1. Full canonical decomposition (UAX #15 §1.3; Hangul per Unicode §3.12).
        for (var i = 0; i < text.Length; i++)
        {
            int cp = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                cp = char.ConvertToUtf32(text[i], text[++i]);
            if (cp >= HangulSBase && cp < HangulSBase + HangulSCount)
            {
                var s = cp - HangulSBase;
                buffer.Add(HangulLBase + s / HangulNCount);
                buffer.Add(HangulVBase + s % HangulNCount / HangulTCount);
                if (s % HangulTCount != 0) buffer.Add(HangulTBase + s % HangulTCount);
            }
            else if (tables.Decompositions.TryGetValue(cp, out var parts)) buffer.AddRange(parts);
            else buffer.Add(cp);
        }
        // 2. Canonical ordering: stable sort of each run of non-starters by combining class.
        for (var i = 1; i < buffer.Count; i++)
        {
            var cc = tables.CombiningClass(buffer[i]);
            if (cc == 0) continue;
            for (var j = i; j > 0 && tables.CombiningClass(buffer[j - 1]) > cc; j--)
                (buffer[j - 1], buffer[j]) = (buffer[j], buffer[j - 1]);
        }
        // 3. Canonical composition: a character joins the last starter unless blocked (UAX #15 §1.3, D117).
        var output = new List<int>(buffer.Count);
        var starter = -1;
        var lastClass = 256;
        foreach (var cp in buffer)
        {
            var cc = tables.CombiningClass(cp);
            if (starter >= 0 && (lastClass < cc || lastClass == 0) && TryCompose(tables, output[starter], cp, out var composite))
            {
                output[starter] = composite;
                continue;
            }
            if (cc == 0) starter = output.Count;
            lastClass = cc;
            output.Add(cp);
        }
        var sb = new StringBuilder(output.Count + 4);
        foreach (var cp in output)
        {
            if (cp is >= 0xD800 and <= 0xDFFF) sb.Append((char)cp); // lone surrogate: kept as it was
            else sb.Append(char.ConvertFromUtf32(cp));
        }
        return sb.ToString();
    }

    private static bool TryCompose(Tables tables, int first, int second, out int composite)
    {
        if (first >= HangulLBase && first < HangulLBase + HangulLCount && second >= HangulVBase && second < HangulVBase + HangulVCount)
        {
            composite = HangulSBase + ((first - HangulLBase) * HangulVCount + (second - HangulVBase)) * HangulTCount;
            return true;
        }
        if (first >= HangulSBase && first < HangulSBase + HangulSCount && (first - HangulSBase) % HangulTCount == 0
            && second > HangulTBase && second < HangulTBase + HangulTCount)
        {
            composite = first + (second - HangulTBase);
            return true;
        }
        return tables.Compositions.TryGetValue(((long)first << 21) | (uint)second, out composite);
    }

    private sealed class Tables
    {
        public readonly Dictionary<int, byte> Classes = new();
        public readonly Dictionary<int, int[]> Decompositions = new();
        public readonly Dictionary<long, int> Compositions = new();
        public readonly BitArray BmpFlagged = new(0x10000);
        public readonly HashSet<int> AstralFlagged = new();
        public char FirstFlagged = char.MaxValue;

        public int CombiningClass(int cp) => Classes.TryGetValue(cp, out var c) ? c : 0;

        public static Tables Parse(string records)
        {
            var t = new Tables();
            foreach (var raw in records.Split(';'))
            {
                var record = raw.Trim();
                if (record.Length == 0) continue;
                var f = record.Split(' ');
                var cp = int.Parse(f[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                switch (f[0])
                {
                    case "c": t.Classes[cp] = byte.Parse(f[2], CultureInfo.InvariantCulture); t.Flag(cp); break;
                    case "d":
                        t.Decompositions[cp] = f.Skip(2).Select(x => int.Parse(x, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
                        break;
                    case "p":
                        var second = int.Parse(f[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                        t.Compositions[((long)cp << 21) | (uint)second] = int.Parse(f[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                        t.Flag(second);
                        break;
                    default: throw new InvalidDataException($"NfcData: unknown record '{record}'");
                }
            }
            // NFC_QC=No: decomposable characters that NFC does not recompose (singletons, exclusions, non-starter
            // decompositions). Primary composites such as U+00E9 are already normal and stay on the fast path.
            var composites = t.Compositions.Values.ToHashSet();
            foreach (var cp in t.Decompositions.Keys)
            {
                if (!composites.Contains(cp)) t.Flag(cp);
            }
            // NFC_QC=Maybe: Hangul vowels and trailing consonants compose with a preceding jamo or LV syllable.
            for (var cp = HangulVBase; cp < HangulVBase + HangulVCount; cp++) t.Flag(cp);
            for (var cp = HangulTBase + 1; cp < HangulTBase + HangulTCount; cp++) t.Flag(cp);
            return t;
        }

        private void Flag(int cp)
        {
            if (cp >= 0x10000) { AstralFlagged.Add(cp); if (FirstFlagged > (char)0xD800) FirstFlagged = (char)0xD800; return; }
            BmpFlagged[cp] = true;
            if (cp < FirstFlagged) FirstFlagged = (char)cp;
        }
    }
}
