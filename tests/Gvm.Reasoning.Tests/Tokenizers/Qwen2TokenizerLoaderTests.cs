using System.Text.Json;
using Gvm.Core.IO;
using Gvm.Reasoning.Tokenizers;

namespace Gvm.Reasoning.Tests.Tokenizers;

public sealed class Qwen2TokenizerLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gvm-tok-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Tokenizer_json_gives_the_same_ids_as_vocab_and_merges()
    {
        WriteTokenizerJson(Path.Combine(_dir, "tokenizer.json"), Qwen2PreTokenizer.Pattern, mergesAsPairs: true);
        File.WriteAllText(Path.Combine(_dir, "vocab.json"), "{}"); // must be ignored: tokenizer.json wins
        var fromJson = Qwen2Tokenizer.Load(_dir);
        Assert.Equal(151_665, fromJson.TokenCount);
        foreach (var c in TokenizerTestData.ReadJsonLines(RepoPaths.RequireShared("testdata/qwen2-tokenizer-cases.jsonl")))
            Assert.Equal(TokenizerTestData.Ids(c), fromJson.Encode(c.GetProperty("text").GetString()!));
    }

    [Fact]
    public void Tokenizer_json_with_another_split_pattern_is_refused()
    {
        WriteTokenizerJson(Path.Combine(_dir, "tokenizer.json"), @"\w+|\s+", mergesAsPairs: false);
        var e = Assert.Throws<TokenizerFormatException>(() => Qwen2Tokenizer.Load(_dir));
        Assert.Contains("pre_tokenizer", e.Message);
    }

    [Fact]
    public void Tokenizer_config_added_tokens_are_used_and_a_version_line_is_skipped()
    {
        var shared = TokenizerTestData.SharedTokenizerDirectory;
        File.Copy(Path.Combine(shared, "vocab.json"), Path.Combine(_dir, "vocab.json"));
        File.WriteAllLines(Path.Combine(_dir, "merges.txt"), new[] { "#version: 0.2" }.Concat(File.ReadLines(Path.Combine(shared, "merges.txt"))));
        File.WriteAllText(Path.Combine(_dir, "tokenizer_config.json"),
            """{"added_tokens_decoder": {"151643": {"content": "<|endoftext|>", "special": true}, "151644": {"content": "<|im_start|>", "special": true}, "151645": {"content": "<|im_end|>", "special": true}}}""");
        var tokenizer = Qwen2Tokenizer.Load(_dir);
        Assert.Equal(151_646, tokenizer.TokenCount); // Qwen2 (2024-06): only three added tokens
        Assert.Equal(151_387, tokenizer.MergeCount);
        Assert.Equal([151_644, 872, 198], tokenizer.Encode("<|im_start|>user\n"));
        Assert.NotEqual([151_657], tokenizer.Encode("<tool_call>"));
    }

    [Fact]
    public void Missing_and_malformed_files_name_the_file()
    {
        var missing = Assert.Throws<TokenizerFormatException>(() => Qwen2Tokenizer.Load(_dir));
        Assert.Contains("vocab.json", missing.Message);
        File.WriteAllText(Path.Combine(_dir, "vocab.json"), "{\"a\": 0,");
        File.WriteAllText(Path.Combine(_dir, "merges.txt"), "a b\n");
        var bad = Assert.Throws<TokenizerFormatException>(() => Qwen2Tokenizer.Load(_dir));
        Assert.Equal(Path.Combine(_dir, "vocab.json"), bad.FilePath);
    }

    private static void WriteTokenizerJson(string path, string pattern, bool mergesAsPairs)
    {
        var shared = TokenizerTestData.SharedTokenizerDirectory;
        using var vocab = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(shared, "vocab.json")));
        var merges = File.ReadLines(Path.Combine(shared, "merges.txt"))
            .Select(l => mergesAsPairs ? (object)l.Split(' ') : l).ToList();
        var json = new
        {
            version = "1.0",
            added_tokens = AddedToken.Qwen25Defaults.Select(t => new { id = t.Id, content = t.Content, single_word = false, lstrip = false, rstrip = false, normalized = false, special = t.Special }),
            normalizer = new { type = "NFC" },
            pre_tokenizer = new
            {
                type = "Sequence",
                pretokenizers = new object[]
                {
                    new { type = "Split", pattern = new { Regex = pattern }, behavior = "Isolated", invert = false },
                    new { type = "ByteLevel", add_prefix_space = false, trim_offsets = false, use_regex = false },
                },
            },
            model = new { type = "BPE", dropout = (double?)null, unk_token = (string?)null, byte_fallback = false, vocab = vocab.RootElement, merges },
        };
        File.WriteAllText(path, JsonSerializer.Serialize(json));
    }
}
