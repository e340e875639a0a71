using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Gvm.Orchestration.Grids;

/// <summary>Typed reads of YAML representation-model nodes that fail with file:line:column and the field name.</summary>
internal sealed class YamlNodes(string file)
{
    public string File { get; } = file;

    public GridMark MarkOf(YamlNode node) => new(File, node.Start.Line, node.Start.Column);

    public YamlMappingNode Mapping(YamlNode node, string field) =>
        node as YamlMappingNode ?? throw MarkOf(node).Error(field, $"expected a mapping, got {Describe(node)}");

    public YamlSequenceNode Sequence(YamlNode node, string field) =>
        node as YamlSequenceNode ?? throw MarkOf(node).Error(field, $"expected a list, got {Describe(node)}");

    public YamlScalarNode Scalar(YamlNode node, string field) =>
        node as YamlScalarNode ?? throw MarkOf(node).Error(field, $"expected a single value, got {Describe(node)}");

    public string String(YamlNode node, string field)
    {
        var s = Scalar(node, field);
        return s.Value ?? throw MarkOf(node).Error(field, "expected text, got null");
    }

    public int Int(YamlNode node, string field, int min = int.MinValue)
    {
        var text = String(node, field);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            throw MarkOf(node).Error(field, $"expected an integer, got '{text}'");
        if (v < min) throw MarkOf(node).Error(field, $"must be >= {min}, got {v}");
        return v;
    }

    public double Double(YamlNode node, string field, double min = double.NegativeInfinity)
    {
        var text = String(node, field);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw MarkOf(node).Error(field, $"expected a number, got '{text}'");
        if (v < min) throw MarkOf(node).Error(field, $"must be >= {min}, got {v}");
        return v;
    }

    public bool Bool(YamlNode node, string field)
    {
        var text = String(node, field);
        return text switch
        {
            "true" or "True" or "yes" => true,
            "false" or "False" or "no" => false,
            _ => throw MarkOf(node).Error(field, $"expected true or false, got '{text}'"),
        };
    }

    public IReadOnlyList<string> Strings(YamlNode node, string field)
    {
        if (node is YamlScalarNode) return [String(node, field)];
        return Sequence(node, field).Children.Select((c, i) => String(c, $"{field}[{i}]")).ToArray();
    }

    /// <summary>The entries of a mapping as (key text, key node, value); rejects keys outside <paramref name="allowed"/>.</summary>
    public IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Entries(
        YamlMappingNode map, string prefix, IReadOnlyCollection<string>? allowed = null)
    {
        foreach (var (k, v) in map.Children)
        {
            var key = String(k, prefix);
            var field = string.IsNullOrEmpty(prefix) ? key : $"{prefix}.{key}";
            if (allowed is not null && !allowed.Contains(key))
                throw MarkOf(k).Error(field, $"unknown key; expected one of: {string.Join(", ", allowed)}");
            yield return (key, k, v);
        }
    }

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } s && s.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => $"'{s.Value}'",
        _ => node.NodeType.ToString(),
    };
}
