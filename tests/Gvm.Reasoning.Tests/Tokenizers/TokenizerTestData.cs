using System.Text.Json;
using Gvm.Core.IO;
using Gvm.Reasoning.Tokenizers;

namespace Gvm.Reasoning.Tests.Tokenizers;

/// <summary>The real Qwen2 tokenizer (loaded once per test run: ~0.5 s) and the case files the tests read.</summary>
public static class TokenizerTestData
{
    private static readonly Lazy<Qwen2Tokenizer> Shared = new(() => Qwen2Tokenizer.Load(SharedTokenizerDirectory));

    public static string SharedTokenizerDirectory => RepoPaths.RequireShared("data/tokenizers/qwen2");

    public static Qwen2Tokenizer Tokenizer => Shared.Value;

    /// <summary>A fixture checked in beside these tests (found from the repository root, so CI path maps do not matter).</summary>
    public static string Fixture(string name) =>
        Path.Combine(RepoPaths.FindRepoRoot() ?? throw new DirectoryNotFoundException("repository root not found"),
            "tests", "Gvm.Reasoning.Tests", "Tokenizers", "Fixtures", name);

    public static IEnumerable<JsonElement> ReadJsonLines(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0) continue;
            using var doc = JsonDocument.Parse(line);
            yield return doc.RootElement.Clone();
        }
    }

    public static int[] Ids(JsonElement e, string field = "ids") =>
        e.GetProperty(field).EnumerateArray().Select(x => x.GetInt32()).ToArray();
}
