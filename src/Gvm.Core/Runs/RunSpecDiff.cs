using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gvm.Core.Runs;

/// <summary>One field that differs between two specs, by dotted JSON path, with both values as JSON text.</summary>
public sealed record SpecChange(string Field, string Old, string New)
{
    public override string ToString() => $"{Field} ({Old} → {New})";
}

/// <summary>Field-by-field comparison of two run specs in their JSON form (what spec.json holds).</summary>
public static class RunSpecDiff
{
    public static IReadOnlyList<SpecChange> Compare(RunSpec recorded, RunSpec incoming)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(incoming);
        var a = Flatten(JsonSerializer.SerializeToNode(recorded, GvmJson.Line));
        var b = Flatten(JsonSerializer.SerializeToNode(incoming, GvmJson.Line));
        return a.Keys.Union(b.Keys).Order(StringComparer.Ordinal)
            .Select(k => new SpecChange(k, a.GetValueOrDefault(k, "(absent)"), b.GetValueOrDefault(k, "(absent)")))
            .Where(c => c.Old != c.New)
            .ToList();
    }

    private static Dictionary<string, string> Flatten(JsonNode? node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(JsonNode? n, string path)
        {
            if (n is JsonObject o)
            {
                foreach (var (k, v) in o) Walk(v, path.Length == 0 ? k : $"{path}.{k}");
                return;
            }
            result[path] = n?.ToJsonString(GvmJson.Line) ?? "null";
        }
        Walk(node, "");
        return result;
    }
}
