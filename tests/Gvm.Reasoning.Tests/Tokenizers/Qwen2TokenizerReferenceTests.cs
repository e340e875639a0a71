using Gvm.Core.IO;
using Gvm.Reasoning.Tokenizers;

namespace Gvm.Reasoning.Tests.Tokenizers;

/// <summary>Exact ids against the reference cases (shared/testdata) and the Python reference fixture.</summary>
public class Qwen2TokenizerReferenceTests
{
    [Fact]
    public void Shared_reference_cases_are_reproduced_exactly()
    {
        var tokenizer = TokenizerTestData.Tokenizer;
        var cases = TokenizerTestData.ReadJsonLines(RepoPaths.RequireShared("testdata/qwen2-tokenizer-cases.jsonl")).ToList();
        Assert.True(cases.Count >= 60);
        var failures = cases
            .Select(c => (Text: c.GetProperty("text").GetString()!, Want: TokenizerTestData.Ids(c)))
            .Where(c => !tokenizer.Encode(c.Text).SequenceEqual(c.Want))
            .Select(c => c.Text)
            .ToList();
        Assert.Empty(failures);
    }

    [Fact]
    public void Python_reference_fixture_is_reproduced_exactly()
    {
        var tokenizer = TokenizerTestData.Tokenizer;
        var failures = new List<string>();
        var count = 0;
        foreach (var c in TokenizerTestData.ReadJsonLines(TokenizerTestData.Fixture("qwen2-extra-cases.jsonl")))
        {
            count++;
            var text = c.GetProperty("text").GetString()!;
            if (!tokenizer.Encode(text).SequenceEqual(TokenizerTestData.Ids(c))) failures.Add(text);
        }
        Assert.True(count > 200);
        Assert.Empty(failures);
    }

    [Fact]
    public void Decoding_reverses_encoding_of_normalised_text()
    {
        var tokenizer = TokenizerTestData.Tokenizer;
        foreach (var c in TokenizerTestData.ReadJsonLines(RepoPaths.RequireShared("testdata/qwen2-tokenizer-cases.jsonl")))
        {
            var text = c.GetProperty("text").GetString()!;
            Assert.Equal(UnicodeNfc.Normalize(text), tokenizer.Decode(TokenizerTestData.Ids(c)));
        }
    }

    [Fact]
    public void Vocabulary_has_the_documented_shape()
    {
        var tokenizer = TokenizerTestData.Tokenizer;
        Assert.Equal(151_643, tokenizer.VocabularySize);
        Assert.Equal(151_387, tokenizer.MergeCount);
        Assert.Equal(151_665, tokenizer.TokenCount);
        Assert.Equal(0, tokenizer.TokenToId("!"));
        Assert.Equal(220, tokenizer.TokenToId("Ġ"));
        Assert.Equal(151_645, tokenizer.RequireAddedTokenId(AddedToken.ImEnd));
        Assert.Equal(151_643, tokenizer.RequireAddedTokenId(AddedToken.EndOfText));
    }

    [Fact]
    public void Special_tokens_can_be_skipped_when_decoding_and_undefined_ids_are_ignored()
    {
        var tokenizer = TokenizerTestData.Tokenizer;
        var ids = tokenizer.Encode("<|im_start|>user\nHi<|im_end|><tool_call>");
        Assert.Equal("user\nHi<tool_call>", tokenizer.Decode(ids, skipSpecialTokens: true));
        Assert.Equal("<|im_start|>user\nHi<|im_end|><tool_call>", tokenizer.Decode(ids));
        Assert.Equal("ab", tokenizer.Decode([tokenizer.TokenToId("a")!.Value, 151_900, -1, tokenizer.TokenToId("b")!.Value]));
    }

    [Fact]
    public void Added_tokens_can_be_encoded_as_plain_text()
    {
        var tokenizer = TokenizerTestData.Tokenizer;
        var ids = new List<int>();
        tokenizer.Encode("<|im_end|>", ids, splitAddedTokens: false);
        Assert.DoesNotContain(151_645, ids);
        Assert.Equal("<|im_end|>", tokenizer.Decode(ids.ToArray()));
    }

    [Fact]
    public void Invalid_utf8_decodes_to_replacement_characters()
    {
        var tokenizer = TokenizerTestData.Tokenizer;
        var leadByte = tokenizer.TokenToId(ByteLevelAlphabet.ToChar(0xC3).ToString())!.Value; // first byte of 'é' alone
        Assert.Equal("a\uFFFDb", tokenizer.Decode([tokenizer.TokenToId("a")!.Value, leadByte, tokenizer.TokenToId("b")!.Value]));
    }

    [Fact]
    public void Cold_and_warm_cache_give_the_same_ids()
    {
        var tokenizer = TokenizerTestData.Tokenizer;
        const string text = "The quick brown fox jumps over the lazy dog 12 times; 𝑥² + ½ = 你好 🦙\r\n\n";
        var warm = tokenizer.Encode(text);
        tokenizer.ClearCache();
        Assert.Equal(warm, tokenizer.Encode(text));
        Assert.Equal(warm, tokenizer.Encode(text));
    }
}
