using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace Gvm.Core.Inputs;

/// <summary>
/// Finds every non-finite floating-point value (NaN, ±Infinity) in an options record and its nested records, by JSON
/// field path. JSON input may spell them as "NaN"/"Infinity" (named literals are allowed so that metrics round-trip),
/// and a range check such as <c>lr &gt; 0</c> lets +Infinity through: validation starts here instead of hoping each
/// field's check remembered <see cref="double.IsFinite"/>.
/// </summary>
public static class FiniteNumbers
{
    /// <param name="value">A record of options (properties of double, float, double[] or nested records).</param>
    /// <param name="naming">How property names appear in messages (snake_case by default, as in the files).</param>
    public static IReadOnlyList<(string Field, string Message)> Check(object value, JsonNamingPolicy? naming = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<(string, string)>();
        Walk(value, "", naming ?? JsonNamingPolicy.SnakeCaseLower, errors, depth: 0);
        return errors;
    }

    private static void Walk(object value, string path, JsonNamingPolicy naming, List<(string, string)> errors, int depth)
    {
        if (depth > 16) return;
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is not null) continue;
            var name = (path.Length == 0 ? "" : path + ".") + naming.ConvertName(property.Name);
            var type = property.PropertyType;
            var v = property.GetValue(value);
            switch (v)
            {
                case null:
                    break;
                case double d:
                    if (!double.IsFinite(d)) errors.Add((name, $"must be a finite number, got {d}"));
                    break;
                case float f:
                    if (!float.IsFinite(f)) errors.Add((name, $"must be a finite number, got {f}"));
                    break;
                case IEnumerable items when type != typeof(string):
                    var i = 0;
                    foreach (var item in items)
                    {
                        if (item is double x && !double.IsFinite(x)) errors.Add(($"{name}[{i}]", $"must be a finite number, got {x}"));
                        i++;
                    }
                    break;
                default:
                    if (type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("Gvm", StringComparison.Ordinal) == true)
                        Walk(v, name, naming, errors, depth + 1);
                    break;
            }
        }
    }
}
