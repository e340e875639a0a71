using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gvm.Core.Runs;

/// <summary>
/// A spec (or any JSON config) as dotted paths to its leaves, in spec.json's spelling: the one walker behind resume
/// checks (<see cref="RunSpecDiff"/>), pair checks at planning, fairness checks in reports and tracking params.
/// Objects recurse ("parent.child"); arrays, scalars and null are leaves.
/// </summary>
public static class SpecPaths
{
    /// <summary>Every leaf of <paramref name="root"/> by dotted path (prefixed by <paramref name="prefix"/>), in document order.</summary>
    public static IReadOnlyList<KeyValuePair<string, JsonNode?>> Leaves(JsonNode? root, string prefix = "")
    {
        var list = new List<KeyValuePair<string, JsonNode?>>();
        void Walk(JsonNode? n, string path)
        {
            if (n is JsonObject o)
            {
                foreach (var (k, v) in o) Walk(v, path.Length == 0 ? k : $"{path}.{k}");
                return;
            }
            list.Add(new(path, n));
        }
        Walk(root, prefix);
        return list;
    }

    /// <summary>A spec's leaves by dotted path, each value as its JSON text in spec.json's spelling, in document order.</summary>
    public static IReadOnlyDictionary<string, string> Flatten(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, value) in Leaves(JsonSerializer.SerializeToNode(spec, GvmJson.Line))) result[path] = Text(value);
        return result;
    }

    /// <summary>
    /// The fields whose values differ (a field only one spec has reads "(absent)" on the other side), in document order:
    /// <paramref name="a"/>'s fields first, then those only <paramref name="b"/> has.
    /// </summary>
    public static IReadOnlyList<SpecChange> Changes(RunSpec a, RunSpec b)
    {
        var fa = Flatten(a);
        var fb = Flatten(b);
        return fa.Keys.Concat(fb.Keys.Where(k => !fa.ContainsKey(k)))
            .Select(k => new SpecChange(k, fa.GetValueOrDefault(k, Absent), fb.GetValueOrDefault(k, Absent)))
            .Where(c => c.Old != c.New)
            .ToList();
    }

    /// <summary>True when <paramref name="path"/> is one of <paramref name="prefixes"/> or lies under one ("task" covers "task.levels").</summary>
    public static bool Under(string path, IEnumerable<string> prefixes) =>
        prefixes.Any(p => path == p || path.StartsWith(p + ".", StringComparison.Ordinal) || path.StartsWith(p + "[", StringComparison.Ordinal));

    /// <summary>The value of a field one spec does not have.</summary>
    public const string Absent = "(absent)";

    private static string Text(JsonNode? value) => value?.ToJsonString(GvmJson.Line) ?? "null";
}
