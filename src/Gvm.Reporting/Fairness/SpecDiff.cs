using System.Text.Json.Nodes;
using Gvm.Core.Runs;

namespace Gvm.Reporting.Fairness;

/// <summary>Resolved specs flattened to dotted JSON paths (the spelling of spec.json), for field-by-field comparison.</summary>
public static class SpecDiff
{
    public static IReadOnlyDictionary<string, string> Flatten(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Walk(JsonNode.Parse(spec.ToJson()), "", result);
        return result;
    }

    /// <summary>The paths (selected by <paramref name="include"/>) whose values differ, as "path: a vs b".</summary>
    public static IReadOnlyList<string> Differences(
        IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b, Func<string, bool> include)
    {
        var diffs = new List<string>();
        foreach (var path in a.Keys.Union(b.Keys).Where(include).Order(StringComparer.Ordinal))
        {
            var va = a.TryGetValue(path, out var x) ? x : "(absent)";
            var vb = b.TryGetValue(path, out var y) ? y : "(absent)";
            if (va != vb) diffs.Add($"{path}: {va} vs {vb}");
        }
        return diffs;
    }

    /// <summary>True when <paramref name="path"/> is one of <paramref name="prefixes"/> or lies under one ("task" covers "task.levels").</summary>
    public static bool Under(string path, params string[] prefixes) =>
        prefixes.Any(p => path == p || path.StartsWith(p + ".", StringComparison.Ordinal) || path.StartsWith(p + "[", StringComparison.Ordinal));

    private static void Walk(JsonNode? node, string path, IDictionary<string, string> into)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o) Walk(v, path.Length == 0 ? k : $"{path}.{k}", into);
                break;
            case JsonArray a:
                into[path] = a.ToJsonString();
                break;
            default:
                into[path] = node?.ToJsonString() ?? "null";
                break;
        }
    }
}
