using System.Globalization;
using System.Text.Json;

namespace Gvm.Reasoning.Tokenizers;

/// <summary>
/// Loads a <see cref="Qwen2Tokenizer"/> from a model or tokenizer directory: <c>tokenizer.json</c> when present
/// (HF tokenizers format), else <c>vocab.json</c> + <c>merges.txt</c> with the added tokens of
/// <c>tokenizer_config.json</c> (<c>added_tokens_decoder</c>) or, without that file, the Qwen2.5 defaults.
/// </summary>
public static class Qwen2TokenizerLoader
{
    public const string TokenizerJson = "tokenizer.json";
    public const string VocabJson = "vocab.json";
    public const string MergesTxt = "merges.txt";
    public const string TokenizerConfigJson = "tokenizer_config.json";

    /// <summary>Loads the tokenizer files of <paramref name="directory"/>.</summary>
    /// <exception cref="TokenizerFormatException">No usable files, or a malformed or unsupported one.</exception>
    public static Qwen2Tokenizer Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory)) throw new TokenizerFormatException(directory, "tokenizer directory not found");
        var tokenizerJson = Path.Combine(directory, TokenizerJson);
        if (File.Exists(tokenizerJson)) return LoadTokenizerJson(tokenizerJson);
        var vocab = Path.Combine(directory, VocabJson);
        var merges = Path.Combine(directory, MergesTxt);
        if (!File.Exists(vocab) || !File.Exists(merges))
            throw new TokenizerFormatException(directory, $"needs {TokenizerJson}, or {VocabJson} and {MergesTxt}");
        var config = Path.Combine(directory, TokenizerConfigJson);
        var added = File.Exists(config) ? ReadAddedTokensFromConfig(config) : AddedToken.Qwen25Defaults;
        return LoadVocabAndMerges(vocab, merges, added);
    }

    /// <summary>Loads <c>vocab.json</c> + <c>merges.txt</c> (a first line starting with <c>#version</c> is skipped).</summary>
    public static Qwen2Tokenizer LoadVocabAndMerges(string vocabPath, string mergesPath, IReadOnlyList<AddedToken> addedTokens)
    {
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var doc = ParseJson(vocabPath))
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new TokenizerFormatException(vocabPath, "expected a JSON object of token -> id");
            foreach (var p in doc.RootElement.EnumerateObject()) vocab[p.Name] = ReadId(vocabPath, p.Value, p.Name);
        }
        var pairs = new List<(string Left, string Right, int Line)>(vocab.Count);
        var lineNo = 0;
        foreach (var line in File.ReadLines(mergesPath))
        {
            lineNo++;
            if (line.Length == 0 || (lineNo == 1 && line.StartsWith("#version", StringComparison.Ordinal))) continue;
            var parts = line.Split(' ');
            if (parts.Length != 2) throw new TokenizerFormatException(mergesPath, $"line {lineNo}: expected 'left right', got '{line}'");
            pairs.Add((parts[0], parts[1], lineNo));
        }
        return new Qwen2Tokenizer(vocab, BuildMerges(mergesPath, vocab, pairs), addedTokens);
    }

    /// <summary>Loads an HF <c>tokenizer.json</c> with a byte-level BPE model and the Qwen2 split pattern.</summary>
    public static Qwen2Tokenizer LoadTokenizerJson(string path)
    {
        using var doc = ParseJson(path);
        var root = doc.RootElement;
        if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
            throw new TokenizerFormatException(path, "field 'model' missing");
        var type = model.TryGetProperty("type", out var t) ? t.GetString() : "BPE";
        if (type != "BPE") throw new TokenizerFormatException(path, $"field 'model.type': '{type}' is not supported (only BPE)");
        CheckPipeline(path, root);

        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!model.TryGetProperty("vocab", out var vocabElement) || vocabElement.ValueKind != JsonValueKind.Object)
            throw new TokenizerFormatException(path, "field 'model.vocab' missing");
        foreach (var p in vocabElement.EnumerateObject()) vocab[p.Name] = ReadId(path, p.Value, "model.vocab." + p.Name);

        var pairs = new List<(string, string, int)>();
        if (!model.TryGetProperty("merges", out var mergesElement) || mergesElement.ValueKind != JsonValueKind.Array)
            throw new TokenizerFormatException(path, "field 'model.merges' missing");
        var index = 0;
        foreach (var m in mergesElement.EnumerateArray())
        {
            // Older files store "left right", newer ones ["left", "right"].
            string[]? parts = m.ValueKind switch
            {
                JsonValueKind.String => m.GetString()!.Split(' '),
                JsonValueKind.Array => m.EnumerateArray().Select(x => x.GetString() ?? "").ToArray(),
                _ => null,
            };
            if (parts is not { Length: 2 }) throw new TokenizerFormatException(path, $"field 'model.merges[{index}]': expected a pair");
            pairs.Add((parts[0], parts[1], index++));
        }

        var added = new List<AddedToken>();
        if (root.TryGetProperty("added_tokens", out var addedElement) && addedElement.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var a in addedElement.EnumerateArray())
            {
                var field = $"added_tokens[{i++}]";
                var content = a.TryGetProperty("content", out var c) ? c.GetString() : null;
                if (string.IsNullOrEmpty(content) || !a.TryGetProperty("id", out var idElement))
                    throw new TokenizerFormatException(path, $"field '{field}': needs 'id' and 'content'");
                added.Add(new AddedToken(ReadId(path, idElement, field + ".id"), content,
                    a.TryGetProperty("special", out var s) && s.ValueKind == JsonValueKind.True));
            }
        }
        return new Qwen2Tokenizer(vocab, BuildMerges(path, vocab, pairs), added);
    }

    /// <summary>The <c>added_tokens_decoder</c> of a <c>tokenizer_config.json</c> (Qwen2.5 defaults when the field is absent).</summary>
    public static IReadOnlyList<AddedToken> ReadAddedTokensFromConfig(string path)
    {
        using var doc = ParseJson(path);
        if (!doc.RootElement.TryGetProperty("added_tokens_decoder", out var decoder) || decoder.ValueKind != JsonValueKind.Object)
            return AddedToken.Qwen25Defaults;
        var tokens = new List<AddedToken>();
        foreach (var p in decoder.EnumerateObject())
        {
            if (!int.TryParse(p.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                throw new TokenizerFormatException(path, $"field 'added_tokens_decoder.{p.Name}': key is not an id");
            var content = p.Value.TryGetProperty("content", out var c) ? c.GetString() : null;
            if (string.IsNullOrEmpty(content)) throw new TokenizerFormatException(path, $"field 'added_tokens_decoder.{p.Name}.content' missing");
            tokens.Add(new AddedToken(id, content, p.Value.TryGetProperty("special", out var s) && s.ValueKind == JsonValueKind.True));
        }
        return tokens;
    }

    private static MergeTable BuildMerges(string path, Dictionary<string, int> vocab, List<(string Left, string Right, int Where)> pairs)
    {
        var rules = new Dictionary<long, MergeRule>(pairs.Count);
        for (var rank = 0; rank < pairs.Count; rank++)
        {
            var (left, right, where) = pairs[rank];
            if (!vocab.TryGetValue(left, out var l) || !vocab.TryGetValue(right, out var r) || !vocab.TryGetValue(left + right, out var merged))
                throw new TokenizerFormatException(path, $"merge {where} ('{left} {right}'): a token of the merge is not in the vocabulary");
            rules.TryAdd(MergeTable.Key(l, r), new MergeRule(rank, merged)); // a repeated pair keeps its first (best) rank
        }
        return new MergeTable(rules);
    }

    private static void CheckPipeline(string path, JsonElement root)
    {
        if (root.TryGetProperty("normalizer", out var n) && n.ValueKind == JsonValueKind.Object
            && n.TryGetProperty("type", out var nt) && nt.GetString() != "NFC")
            throw new TokenizerFormatException(path, $"field 'normalizer.type': '{nt.GetString()}' is not supported (only NFC)");
        if (!root.TryGetProperty("pre_tokenizer", out var pre) || pre.ValueKind != JsonValueKind.Object) return;
        foreach (var regex in FindSplitPatterns(pre))
        {
            if (regex != Qwen2PreTokenizer.Pattern)
                throw new TokenizerFormatException(path, $"field 'pre_tokenizer': split pattern '{regex}' is not the Qwen2 pattern; other patterns are not supported");
        }
    }

    private static IEnumerable<string> FindSplitPatterns(JsonElement pre)
    {
        if (pre.TryGetProperty("pretokenizers", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var p in list.EnumerateArray())
                foreach (var r in FindSplitPatterns(p)) yield return r;
        }
        if (pre.TryGetProperty("type", out var type) && type.GetString() == "Split"
            && pre.TryGetProperty("pattern", out var pattern) && pattern.TryGetProperty("Regex", out var regex))
            yield return regex.GetString() ?? "";
    }

    private static int ReadId(string path, JsonElement value, string field) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var id) && id >= 0
            ? id
            : throw new TokenizerFormatException(path, $"field '{field}': expected a non-negative integer id");

    private static JsonDocument ParseJson(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException(path, $"invalid JSON at line {e.LineNumber + 1}: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new TokenizerFormatException(path, $"cannot read: {e.Message}", e);
        }
    }
}
