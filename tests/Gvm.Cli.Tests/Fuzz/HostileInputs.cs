using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Gvm.Cli.Tests.Fuzz;

/// <summary>How a valid sample is laid out, so that structural mutations land inside it.</summary>
public enum SampleFormat
{
    /// <summary>One JSON document (spec.json, config.json, plan.json).</summary>
    Json,
    /// <summary>JSON Lines: structural mutations hit the first line, the rest stays valid.</summary>
    JsonLines,
    /// <summary>A YAML grid file (text-level mutations).</summary>
    Yaml,
    /// <summary>A safetensors file: 8-byte little-endian header length, JSON header, data.</summary>
    SafeTensors,
    /// <summary>Opaque bytes (an SQLite ledger): byte-level mutations only.</summary>
    Binary,
}

/// <summary>One hostile input: its bytes, or a directory in place of the file (<see cref="IsDirectory"/>).</summary>
public sealed record HostileCase(string Name, byte[]? Bytes)
{
    public bool IsDirectory => Bytes is null;

    /// <summary>Puts the case at <paramref name="path"/>: the bytes as a file, or an empty directory.</summary>
    public void WriteTo(string path)
    {
        if (File.Exists(path)) File.Delete(path);
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        if (Bytes is null) Directory.CreateDirectory(path);
        else File.WriteAllBytes(path, Bytes);
    }

    public override string ToString() => Name;
}

/// <summary>
/// Deterministic hostile inputs derived from a valid sample (fixed seeds, so a failing case is reproduced by its
/// name): random bytes, truncations, byte flips, invalid UTF-8 (0xC3 0x28, 0xFF), a lone surrogate escape, a duplicate
/// key, null in place of an object or of the document, huge numbers (1e400), NaN/Infinity literals, wrong types,
/// deeply nested arrays, an empty file and a directory in place of the file.
/// </summary>
public static class HostileInputs
{
    private const string Sentinel = "GVMFUZZRAWVALUE";
    private static readonly string DeepArray = new string('[', 5000) + new string(']', 5000);

    public static IReadOnlyList<HostileCase> From(string sample, SampleFormat format, int seed = 17) =>
        From(Encoding.UTF8.GetBytes(sample), format, seed);

    public static IReadOnlyList<HostileCase> From(byte[] sample, SampleFormat format, int seed = 17)
    {
        var cases = new List<HostileCase> { new("valid-sample", sample), new("empty-file", []), new("directory", null) };
        cases.AddRange(ByteLevel(sample, seed));
        cases.AddRange(format switch
        {
            SampleFormat.Json => JsonLevel(sample),
            SampleFormat.JsonLines => JsonLinesLevel(sample),
            SampleFormat.Yaml => YamlLevel(Encoding.UTF8.GetString(sample)),
            SampleFormat.SafeTensors => SafeTensorsLevel(sample),
            _ => [],
        });
        return cases;
    }

    /// <summary>
    /// About <paramref name="count"/> cases spread evenly over <paramref name="cases"/> (the valid sample, the empty file
    /// and the directory always among them): for commands whose every run costs a second, when their reader meets the
    /// full set at library level.
    /// </summary>
    public static IReadOnlyList<HostileCase> Spread(IReadOnlyList<HostileCase> cases, int count) =>
        cases.Where((c, i) => i < 3 || i % Math.Max(1, cases.Count / count) == 0).ToList();

    /// <summary>Random bytes, truncations and byte flips at random points of the whole file.</summary>
    private static IEnumerable<HostileCase> ByteLevel(byte[] sample, int seed)
    {
        var random = new Random(seed);
        foreach (var length in new[] { 1, 7, 64, 1024 })
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            yield return new($"random-bytes-{length}", bytes);
        }
        yield return new("nul-bytes", new byte[16]);
        yield return new("bom-only", [0xEF, 0xBB, 0xBF]);
        for (var i = 0; i < 6 && sample.Length > 1; i++)
        {
            var at = random.Next(1, sample.Length);
            yield return new($"truncated-at-{at}", sample[..at]);
        }
        for (var i = 0; i < 6 && sample.Length > 0; i++)
        {
            var bytes = (byte[])sample.Clone();
            var at = random.Next(sample.Length);
            var value = (byte)random.Next(256);
            bytes[at] = value;
            yield return new($"byte-{at}-set-to-0x{value:X2}", bytes);
        }
    }

    private static IEnumerable<HostileCase> JsonLevel(byte[] sample)
    {
        var text = Encoding.UTF8.GetString(sample);
        foreach (var (name, mutated) in JsonMutations(text)) yield return new(name, mutated);
        yield return new("invalid-utf8-appended", [.. sample, 0xFF]);
    }

    private static IEnumerable<HostileCase> JsonLinesLevel(byte[] sample)
    {
        var text = Encoding.UTF8.GetString(sample);
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var (first, rest) = newline < 0 ? (text, "") : (text[..newline], text[newline..]);
        foreach (var (name, mutated) in JsonMutations(first))
            yield return new($"line1-{name}", [.. mutated, .. Encoding.UTF8.GetBytes(rest)]);
        yield return new("blank-line-between", Encoding.UTF8.GetBytes(first + "\n\n" + rest.TrimStart('\n')));
        yield return new("line-without-newline-then-garbage", Encoding.UTF8.GetBytes(text.TrimEnd('\n') + "\n{\"a\":"));
        yield return new("line2-is-not-an-object", Encoding.UTF8.GetBytes(first + "\n[1,2]\n" + rest.TrimStart('\n')));
    }

    /// <summary>Structural mutations of one JSON document (valid JSON in, bytes out).</summary>
    private static IEnumerable<(string Name, byte[] Bytes)> JsonMutations(string json)
    {
        yield return ("null-document", "null"u8.ToArray());
        yield return ("array-document", "[]"u8.ToArray());
        yield return ("string-document", "\"text\""u8.ToArray());
        yield return ("number-document", "42"u8.ToArray());
        yield return ("deep-array-document", Encoding.UTF8.GetBytes(DeepArray));
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            yield break;
        }
        if (root is not JsonObject obj || obj.Count == 0) yield break;

        var firstName = obj.First().Key;
        var duplicate = $"{{{System.Text.Json.JsonSerializer.Serialize(firstName)}:{obj[firstName]?.ToJsonString() ?? "null"},{json.TrimStart()[1..]}";
        yield return ($"duplicate-key-{firstName}", Encoding.UTF8.GetBytes(duplicate));

        var leaves = Walk(root, "$").ToList();
        var firstObject = leaves.FirstOrDefault(l => l.Node is JsonObject && l.Path != "$");
        var firstArray = leaves.FirstOrDefault(l => l.Node is JsonArray);
        var strings = leaves.Where(l => l.Node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String).Select(l => l.Path).ToList();
        var numbers = leaves.Where(l => l.Node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number).Select(l => l.Path).ToList();
        if (firstObject.Path is not null) yield return ($"null-object-{firstObject.Path}", Replace(root, firstObject.Path, "null"));
        if (firstObject.Path is not null) yield return ($"array-for-object-{firstObject.Path}", Replace(root, firstObject.Path, "[]"));
        if (firstArray.Path is not null) yield return ($"null-array-{firstArray.Path}", Replace(root, firstArray.Path, "null"));
        if (firstArray.Path is not null) yield return ($"null-in-array-{firstArray.Path}", Replace(root, firstArray.Path, "[null]"));
        // The first and the last string and number: readers often treat the first field (an id, a step) apart.
        foreach (var path in strings.Take(1).Concat(strings.Skip(1).TakeLast(1)))
        {
            yield return ($"invalid-utf8-C3-28-{path}", Replace(root, path, [(byte)'"', 0xC3, 0x28, (byte)'"']));
            yield return ($"invalid-utf8-FF-{path}", Replace(root, path, [(byte)'"', (byte)'a', 0xFF, (byte)'"']));
            yield return ($"lone-surrogate-{path}", Replace(root, path, "\"\\ud800\""));
            yield return ($"number-for-string-{path}", Replace(root, path, "7"));
            yield return ($"null-string-{path}", Replace(root, path, "null"));
        }
        foreach (var path in numbers.Take(1).Concat(numbers.Skip(1).TakeLast(1)))
        {
            foreach (var (label, raw) in new[]
                     {
                         ("1e400", "1e400"), ("-1e400", "-1e400"), ("huge-integer", "123456789012345678901234567890"),
                         ("NaN", "NaN"), ("Infinity", "Infinity"), ("-Infinity", "-Infinity"), ("string-NaN", "\"NaN\""),
                         ("string-Infinity", "\"Infinity\""), ("negative", "-1"), ("fraction", "0.5"), ("string", "\"x\""),
                     })
                yield return ($"{label}-at-{path}", Replace(root, path, raw));
            yield return ($"deep-array-at-{path}", Replace(root, path, DeepArray));
        }
        yield return ("lone-surrogate-key", Encoding.UTF8.GetBytes($"{{\"\\udc00\":1,{json.TrimStart()[1..]}"));
        yield return ("unknown-key", Encoding.UTF8.GetBytes($"{{\"gvm_fuzz_unknown\":1,{json.TrimStart()[1..]}"));
    }

    private static IEnumerable<(string Path, JsonNode? Node)> Walk(JsonNode? node, string path)
    {
        yield return (path, node);
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                    foreach (var x in Walk(child, $"{path}.{key}")) yield return x;
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                    foreach (var x in Walk(a[i], $"{path}[{i}]")) yield return x;
                break;
        }
    }

    private static byte[] Replace(JsonNode root, string path, string raw) => Replace(root, path, Encoding.UTF8.GetBytes(raw));

    /// <summary>The document with the value at <paramref name="path"/> replaced by raw bytes (which need not be JSON).</summary>
    private static byte[] Replace(JsonNode root, string path, byte[] raw)
    {
        var copy = root.DeepClone();
        var target = Walk(copy, "$").First(l => l.Path == path).Node!;
        switch (target.Parent)
        {
            case JsonObject o:
                o[target.GetPropertyName()] = Sentinel;
                break;
            case JsonArray a:
                a[target.GetElementIndex()] = Sentinel;
                break;
        }
        var bytes = Encoding.UTF8.GetBytes(copy.ToJsonString());
        var quoted = Encoding.UTF8.GetBytes($"\"{Sentinel}\"");
        var at = bytes.AsSpan().IndexOf(quoted);
        return [.. bytes[..at], .. raw, .. bytes[(at + quoted.Length)..]];
    }

    private static IEnumerable<HostileCase> YamlLevel(string yaml)
    {
        var lines = yaml.Split('\n');
        var firstKey = lines.First(l => Regex.IsMatch(l, @"^\w+:"));
        yield return new($"duplicate-key-{firstKey.Split(':')[0]}", Encoding.UTF8.GetBytes(yaml + "\n" + firstKey + "\n"));
        var block = Array.FindIndex(lines, l => Regex.IsMatch(l, @"^\w+:\s*$"));
        if (block >= 0)
        {
            var end = block + 1;
            while (end < lines.Length && lines[end].StartsWith(' ')) end++;
            var key = lines[block].TrimEnd().TrimEnd(':');
            yield return new($"null-mapping-{key}", Encoding.UTF8.GetBytes(string.Join('\n', [.. lines[..block], key + ": null", .. lines[end..]])));
            yield return new($"scalar-for-mapping-{key}", Encoding.UTF8.GetBytes(string.Join('\n', [.. lines[..block], key + ": 3", .. lines[end..]])));
        }
        var flow = Regex.Match(yaml, @"(\w+): \{[^}]*\}");
        if (flow.Success) yield return new($"null-flow-mapping-{flow.Groups[1].Value}", Sub(yaml, flow, $"{flow.Groups[1].Value}: null"));
        var number = Regex.Match(yaml, @"(?<=: )\d+(\.\d+)?(?=\s|,|\})");
        if (number.Success)
            foreach (var (label, raw) in new[]
                     {
                         ("1e400", "1e400"), ("huge-integer", "123456789012345678901234567890"), ("nan", ".nan"), ("NaN", "NaN"),
                         ("inf", ".inf"), ("-inf", "-.inf"), ("Infinity", "Infinity"), ("negative", "-1"), ("string", "abc"),
                         ("null", "null"), ("deep-flow-sequence", new string('[', 2000) + new string(']', 2000)),
                     })
                yield return new($"{label}-for-number-at-{number.Index}", Sub(yaml, number, raw));
        var scalar = Regex.Match(yaml, @"(?<=^\w+: )[^\s{\[#]+", RegexOptions.Multiline);
        if (scalar.Success)
        {
            yield return new("lone-surrogate-escape", Sub(yaml, scalar, "\"\\ud800\""));
            var utf8 = Encoding.UTF8.GetBytes(yaml);
            var at = Encoding.UTF8.GetByteCount(yaml[..scalar.Index]);
            yield return new("invalid-utf8-C3-28", [.. utf8[..at], 0xC3, 0x28, .. utf8[at..]]);
            yield return new("invalid-utf8-FF", [.. utf8[..at], 0xFF, .. utf8[at..]]);
        }
        yield return new("tab-indentation", Encoding.UTF8.GetBytes(yaml.Replace("\n  ", "\n\t", StringComparison.Ordinal)));
        yield return new("anchor-alias-loop", Encoding.UTF8.GetBytes(yaml + "\nx: &a [*a]\n"));
        yield return new("json-flow-document", "{}"u8.ToArray());
        yield return new("sequence-document", "- 1\n- 2\n"u8.ToArray());
        yield return new("null-document", "~\n"u8.ToArray());
    }

    private static byte[] Sub(string text, Match match, string replacement) =>
        Encoding.UTF8.GetBytes(text[..match.Index] + replacement + text[(match.Index + match.Length)..]);

    /// <summary>Header-length mutations, then every JSON mutation of the header with a correct length prefix.</summary>
    private static IEnumerable<HostileCase> SafeTensorsLevel(byte[] sample)
    {
        var length = BinaryPrimitives.ReadInt64LittleEndian(sample);
        var header = sample[8..(int)(8 + length)];
        var data = sample[(int)(8 + length)..];
        foreach (var bad in new[] { 0L, -1L, long.MaxValue, length + 1 + data.Length, 1L << 40 })
        {
            var bytes = (byte[])sample.Clone();
            BinaryPrimitives.WriteInt64LittleEndian(bytes, bad);
            yield return new($"header-length-{bad}", bytes);
        }
        foreach (var (name, mutated) in JsonMutations(Encoding.UTF8.GetString(header)))
        {
            var prefix = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(prefix, mutated.Length);
            yield return new($"header-{name}", [.. prefix, .. mutated, .. data]);
        }
    }
}
