using Gvm.Reasoning.Tokenizers;

namespace Gvm.Reasoning.Tests.Tokenizers;

public class UnicodeNfcTests
{
    [Fact]
    public void Matches_python_unicodedata_on_the_fixture()
    {
        var failures = new List<string>();
        foreach (var c in TokenizerTestData.ReadJsonLines(TokenizerTestData.Fixture("nfc-cases.jsonl")))
        {
            var input = c.GetProperty("input").GetString()!;
            if (UnicodeNfc.Normalize(input) != c.GetProperty("nfc").GetString()) failures.Add(input);
        }
        Assert.Empty(failures);
    }

    [Theory]
    [InlineData("e\u0301", "\u00e9")]
    [InlineData("\u212b", "\u00c5")] // singleton decomposition (ANGSTROM SIGN)
    [InlineData("a\u0323\u0302", "\u1ead")] // reordered marks still compose
    [InlineData("a\u0302\u0323", "\u1ead")]
    [InlineData("\u1100\u1161\u11a8", "\uac01")] // Hangul L V T
    [InlineData("\u0958", "\u0915\u093c")] // composition exclusion stays decomposed
    [InlineData("\U0001d15e", "\U0001d157\U0001d165")] // astral exclusion
    public void Composes_and_decomposes_canonically(string input, string expected) =>
        Assert.Equal(expected, UnicodeNfc.Normalize(input));

    [Fact]
    public void Normalised_text_is_returned_as_the_same_instance()
    {
        const string ascii = "plain ASCII text, 123";
        Assert.Same(ascii, UnicodeNfc.Normalize(ascii));
        Assert.True(UnicodeNfc.IsQuickNormalized("Café 你好 😀"));
        Assert.False(UnicodeNfc.IsQuickNormalized("Cafe\u0301"));
    }

    [Fact]
    public void Is_idempotent_on_the_fixture()
    {
        foreach (var c in TokenizerTestData.ReadJsonLines(TokenizerTestData.Fixture("nfc-cases.jsonl")))
        {
            var once = UnicodeNfc.Normalize(c.GetProperty("input").GetString()!);
            Assert.Equal(once, UnicodeNfc.Normalize(once));
        }
    }
}
