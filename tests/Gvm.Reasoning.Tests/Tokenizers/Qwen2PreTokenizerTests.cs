using System.Text;
using System.Text.RegularExpressions;
using Gvm.Reasoning.Tokenizers;

namespace Gvm.Reasoning.Tests.Tokenizers;

public class Qwen2PreTokenizerTests
{
    [Theory]
    [InlineData("Hello world", new[] { "Hello", " world" })]
    [InlineData("don't I'M", new[] { "don", "'t", " I", "'M" })]
    [InlineData("'sup", new[] { "'s", "up" })] // contractions win over the letter alternative
    [InlineData("333", new[] { "3", "3", "3" })] // \p{N} without +
    [InlineData("  Hello", new[] { " ", " Hello" })] // \s+(?!\S) leaves one space for the word
    [InlineData("  \n  x", new[] { "  \n", " ", " x" })] // \s*[\r\n]+ stops at the last newline
    [InlineData("x   ", new[] { "x", "   " })] // trailing whitespace is one piece
    [InlineData(" !!\r\n", new[] { " !!\r\n" })] // symbols take following newlines
    [InlineData("(normal)", new[] { "(normal", ")" })] // one non-letter prefix joins a word
    [InlineData("\tHello", new[] { "\tHello" })]
    [InlineData("\nHello", new[] { "\n", "Hello" })] // but never CR or LF
    [InlineData("a𝑥b 𝑥+1", new[] { "a𝑥b", " 𝑥", "+", "1" })] // astral letters are letters (code points, not UTF-16 units)
    [InlineData("𝟏𝟐", new[] { "𝟏", "𝟐" })] // astral digits are single numbers
    [InlineData("😀ü 😀", new[] { "😀ü", " 😀" })]
    [InlineData("a \u3000b\u2028c", new[] { "a", " ", "\u3000b", "\u2028c" })] // Unicode White_Space
    public void Splits_like_the_reference_pattern(string text, string[] expected) =>
        Assert.Equal(expected, Qwen2PreTokenizer.SplitToStrings(text));

    [Fact]
    public void Matches_the_python_regex_module_on_the_fixture()
    {
        foreach (var c in TokenizerTestData.ReadJsonLines(TokenizerTestData.Fixture("qwen2-extra-cases.jsonl")))
        {
            var text = c.GetProperty("text").GetString()!;
            var pieces = c.GetProperty("pieces").EnumerateArray().Select(p => p.GetString()!).ToList();
            // The fixture's pieces include added tokens; compare the plain-text cases only.
            if (AddedToken.Qwen25Defaults.Any(t => text.Contains(t.Content, StringComparison.Ordinal))) continue;
            Assert.Equal(pieces, Qwen2PreTokenizer.SplitToStrings(UnicodeNfc.Normalize(text)));
        }
    }

    /// <summary>On BMP text (where UTF-16 units are code points) the scanner equals .NET's regex with the same pattern.</summary>
    [Fact]
    public void Equals_dotnet_regex_on_random_bmp_text()
    {
        var regex = new Regex(Qwen2PreTokenizer.Pattern, RegexOptions.CultureInvariant);
        string[] pool =
        [
            "a", "Z", "é", "ß", "你", "ǅ", "ʰ", "1", "½", "Ⅷ", "٣", " ", "  ", "\t", "\n", "\r", "\r\n", "\u00a0", "\u3000",
            "\u0085", "\u2028", "\u000b", "\u001c", "'", "'s", "'T", "'re", "'Ve", "'LL", "'d", "'m", "!", "?", ".", "$", "\\",
            "(", "\u0301", "\u200d", "€", "—", "…",
        ];
        var rng = new Random(12);
        for (var n = 0; n < 3000; n++)
        {
            var sb = new StringBuilder();
            var length = rng.Next(1, 16);
            for (var i = 0; i < length; i++) sb.Append(pool[rng.Next(pool.Length)]);
            var text = sb.ToString();
            var expected = regex.Matches(text).Select(m => m.Value).ToList();
            Assert.Equal(expected, Qwen2PreTokenizer.SplitToStrings(text));
        }
    }

    [Fact]
    public void Pieces_cover_the_text_without_gaps()
    {
        const string text = "Mixed: 𝑥 = 3.14, \"quoted\"\r\n\n\t— end  ";
        var pieces = Qwen2PreTokenizer.Split(text);
        Assert.Equal(text, string.Concat(pieces.Select(p => text.Substring(p.Start, p.Length))));
        Assert.All(pieces, p => Assert.True(p.Length > 0));
    }
}
