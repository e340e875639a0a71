using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gvm.Core;
using Gvm.Core.Runs;
using YamlDotNet.RepresentationModel;

namespace Gvm.Orchestration.Grids;

/// <summary>
/// Applies YAML run-spec overrides onto the JSON form of <see cref="RunSpec"/>, checking every key and value
/// against the contract's property types, and remembers where each field was set (for error messages).
/// </summary>
internal sealed class SpecOverlay
{
    private readonly YamlNodes _yaml;
    private readonly Dictionary<string, GridMark> _marks = new(StringComparer.Ordinal);

    public SpecOverlay(YamlNodes yaml)
    {
        _yaml = yaml;
        Root = JsonSerializer.SerializeToNode(new RunSpec(), GvmJson.Options)!.AsObject();
    }

    public JsonObject Root { get; }

    /// <summary>Field path → where it was last set.</summary>
    public IReadOnlyDictionary<string, GridMark> Marks => _marks;

    public static bool IsTopLevelField(string name) => FindProperty(typeof(RunSpec), name) is not null;

    /// <summary>Applies a mapping of spec fields (nested mappings for nested records).</summary>
    public void ApplyMapping(YamlMappingNode map, string fieldPrefix = "") =>
        ApplyMapping(Root, typeof(RunSpec), map, fieldPrefix, "");

    /// <summary>Sets one dotted spec path (an axis value).</summary>
    public void Set(string specPath, YamlNode value, string field)
    {
        var parts = specPath.Split('.');
        var obj = Root;
        var type = typeof(RunSpec);
        for (var i = 0; i < parts.Length - 1; i++)
        {
            var p = FindProperty(type, parts[i]) ?? throw _yaml.MarkOf(value).Error(field, $"unknown spec field '{specPath}'");
            if (!IsRecord(p.PropertyType)) throw _yaml.MarkOf(value).Error(field, $"'{parts[i]}' has no sub-fields");
            obj = (obj[parts[i]] ??= new JsonObject()).AsObject();
            type = p.PropertyType;
        }
        var leaf = FindProperty(type, parts[^1]) ?? throw _yaml.MarkOf(value).Error(field, $"unknown spec field '{specPath}'");
        obj[parts[^1]] = Convert(leaf.PropertyType, IsNullable(leaf), value, field);
        _marks[specPath] = _yaml.MarkOf(value);
    }

    /// <summary>The JSON value of <paramref name="specPath"/> after conversion (to compare axis values).</summary>
    public JsonNode? ConvertFor(string specPath, YamlNode value, string field)
    {
        var type = typeof(RunSpec);
        PropertyInfo? p = null;
        foreach (var part in specPath.Split('.'))
        {
            p = FindProperty(type, part) ?? throw _yaml.MarkOf(value).Error(field, $"unknown spec field '{specPath}'");
            type = p.PropertyType;
        }
        return Convert(p!.PropertyType, IsNullable(p), value, field);
    }

    /// <summary>Where <paramref name="field"/> (or its nearest parent/child) was set, if anywhere.</summary>
    public GridMark? MarkFor(string field)
    {
        if (_marks.TryGetValue(field, out var m)) return m;
        foreach (var (k, v) in _marks) if (k.StartsWith(field + ".", StringComparison.Ordinal)) return v;
        for (var f = field; f.Contains('.');)
        {
            f = f[..f.LastIndexOf('.')];
            if (_marks.TryGetValue(f, out m)) return m;
        }
        return null;
    }

    private void ApplyMapping(JsonObject target, Type type, YamlMappingNode map, string fieldPrefix, string specPrefix)
    {
        foreach (var (k, v) in map.Children)
        {
            var key = _yaml.String(k, fieldPrefix);
            var field = string.IsNullOrEmpty(fieldPrefix) ? key : $"{fieldPrefix}.{key}";
            var specPath = string.IsNullOrEmpty(specPrefix) ? key : $"{specPrefix}.{key}";
            var prop = FindProperty(type, key) ?? throw _yaml.MarkOf(k).Error(field,
                $"unknown field; expected one of: {string.Join(", ", type.GetProperties().Select(JsonName))}");
            if (IsRecord(prop.PropertyType) && v is YamlMappingNode sub)
            {
                var child = (target[key] ??= new JsonObject()).AsObject();
                ApplyMapping(child, prop.PropertyType, sub, field, specPath);
                continue;
            }
            target[key] = Convert(prop.PropertyType, IsNullable(prop), v, field);
            _marks[specPath] = _yaml.MarkOf(v);
        }
    }

    private JsonNode? Convert(Type type, bool nullable, YamlNode node, string field)
    {
        var under = Nullable.GetUnderlyingType(type);
        if (under is not null) { type = under; nullable = true; }
        if (YamlNodes.IsNull(node))
        {
            return nullable ? null : throw _yaml.MarkOf(node).Error(field, "must not be null");
        }
        if (type == typeof(int)) return JsonValue.Create(_yaml.Int(node, field));
        if (type == typeof(double)) return JsonValue.Create(_yaml.Double(node, field));
        if (type == typeof(bool)) return JsonValue.Create(_yaml.Bool(node, field));
        if (type == typeof(string)) return JsonValue.Create(_yaml.String(node, field));
        if (type == typeof(Algorithm))
        {
            var text = _yaml.String(node, field);
            return AlgorithmNames.TryParse(text, out var a)
                ? JsonValue.Create(a.ToName())
                : throw _yaml.MarkOf(node).Error(field, $"unknown algorithm '{text}'; supported: {string.Join(", ", AlgorithmNames.Names)}");
        }
        if (type.IsEnum)
        {
            // Enums are written as their snake_case names, as in spec JSON (GvmJson's enum converter).
            var text = _yaml.String(node, field);
            var names = Enum.GetNames(type).Select(n => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(n)).ToArray();
            return names.Contains(text, StringComparer.Ordinal)
                ? JsonValue.Create(text)
                : throw _yaml.MarkOf(node).Error(field, $"unknown value '{text}'; supported: {string.Join(", ", names)}");
        }
        if (type.IsArray)
        {
            var seq = _yaml.Sequence(node, field);
            var arr = new JsonArray();
            var i = 0;
            foreach (var item in seq.Children) arr.Add(Convert(type.GetElementType()!, false, item, $"{field}[{i++}]"));
            return arr;
        }
        if (IsRecord(type)) throw _yaml.MarkOf(node).Error(field, "expected a mapping of sub-fields");
        throw _yaml.MarkOf(node).Error(field, $"unsupported field type {type.Name}");
    }

    private static PropertyInfo? FindProperty(Type type, string jsonName) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => p.CanWrite && JsonName(p) == jsonName);

    private static string JsonName(PropertyInfo p) => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name);

    private static bool IsRecord(Type t) => t.IsClass && t != typeof(string) && !t.IsArray;

    private static bool IsNullable(PropertyInfo p) =>
        new NullabilityInfoContext().Create(p).WriteState == NullabilityState.Nullable;

    internal static string Text(JsonNode? node) => node?.ToJsonString() ?? "null";

    internal static string Invariant(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}
