using System.Text.Json;

namespace Gvm.Tracking.Tracking;

/// <summary>Turns a resolved config (a JSON object) into MLflow params with dotted names (house style 5).</summary>
public static class ParamFlattener
{
    /// <summary>
    /// Objects recurse with "parent.child" names; arrays become their compact JSON text; strings are kept as they
    /// are; numbers keep their JSON spelling; true/false/null are written in JSON spelling. Order is document order.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Flatten(JsonElement root, string prefix = "")
    {
        var list = new List<KeyValuePair<string, string>>();
        Walk(root, prefix, list);
        return list;
    }

    public static IReadOnlyList<KeyValuePair<string, string>> Flatten(string json, string prefix = "")
    {
        using var doc = JsonDocument.Parse(json);
        return Flatten(doc.RootElement, prefix);
    }

    private static void Walk(JsonElement e, string name, List<KeyValuePair<string, string>> into)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                    Walk(p.Value, name.Length == 0 ? p.Name : $"{name}.{p.Name}", into);
                break;
            case JsonValueKind.String:
                into.Add(new(name, e.GetString()!));
                break;
            case JsonValueKind.Array:
                into.Add(new(name, JsonSerializer.Serialize(e)));
                break;
            default:
                into.Add(new(name, e.GetRawText()));
                break;
        }
    }
}
