using System.Text.Json;
using System.Text.Json.Nodes;
using Gvm.Core.Runs;

namespace Gvm.Tracking.Tracking;

/// <summary>Turns a resolved config (a JSON object) into MLflow params with dotted names (house style 5).</summary>
public static class ParamFlattener
{
    /// <summary>
    /// The leaves of <see cref="SpecPaths.Leaves"/> ("parent.child" names, document order) as param values: arrays
    /// become their compact JSON text; strings are kept as they are; numbers keep their JSON spelling; true/false/null
    /// are written in JSON spelling.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Flatten(string json, string prefix = "") =>
        [.. SpecPaths.Leaves(JsonNode.Parse(json), prefix).Select(p => new KeyValuePair<string, string>(p.Key, Value(p.Value)))];

    private static string Value(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };
}
