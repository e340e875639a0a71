using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Gvm.Reasoning.Tokenizers;

/// <summary>
/// Serialises JSON the way transformers' chat-template <c>tojson</c> filter does:
/// <c>json.dumps(x, ensure_ascii=False)</c> with the default separators <c>", "</c> and <c>": "</c>, keys in
/// document order, floats in Python <c>repr</c> form.
/// </summary>
public static class PythonJson
{
    public static string Dumps(JsonElement value)
    {
        var sb = new StringBuilder();
        Write(sb, value);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                sb.Append('{');
                var first = true;
                foreach (var p in value.EnumerateObject())
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    WriteString(sb, p.Name);
                    sb.Append(": ");
                    Write(sb, p.Value);
                }
                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (i++ > 0) sb.Append(", ");
                    Write(sb, item);
                }
                sb.Append(']');
                break;
            case JsonValueKind.String: WriteString(sb, value.GetString()!); break;
            case JsonValueKind.Number: sb.Append(FormatNumber(value.GetRawText())); break;
            case JsonValueKind.True: sb.Append("true"); break;
            case JsonValueKind.False: sb.Append("false"); break;
            default: sb.Append("null"); break;
        }
    }

    /// <summary>Python json string escaping with ensure_ascii=False: only '"', '\\' and control characters.</summary>
    public static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>Integers keep their digits; other numbers become Python floats (repr: shortest round-trip, ".0" for integral values, exponent outside 1e-4..1e16).</summary>
    public static string FormatNumber(string raw)
    {
        if (raw.All(c => char.IsAsciiDigit(c) || c == '-')) return raw;
        var d = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(d)) return d > 0 ? "Infinity" : "-Infinity";
        var r = d.ToString("R", CultureInfo.InvariantCulture); // e.g. 1.5, 1E+16, 1E-05
        var e = r.IndexOf('E');
        var mantissa = e < 0 ? r : r[..e];
        var exponent = e < 0 ? 0 : int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        var negative = mantissa.StartsWith('-');
        var digits = mantissa.TrimStart('-').Replace(".", "", StringComparison.Ordinal);
        var pointPos = mantissa.TrimStart('-').IndexOf('.') is var p and >= 0 ? p : mantissa.TrimStart('-').Length;
        var decimalExponent = pointPos + exponent; // value = 0.digits × 10^decimalExponent
        var trimmed = digits.TrimStart('0');
        decimalExponent -= digits.Length - trimmed.Length;
        digits = trimmed.TrimEnd('0');
        if (digits.Length == 0) return negative ? "-0.0" : "0.0";
        var sign = negative ? "-" : "";
        var sciExponent = decimalExponent - 1;
        if (sciExponent < -4 || sciExponent >= 16)
        {
            var m = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            return $"{sign}{m}e{(sciExponent < 0 ? "-" : "+")}{Math.Abs(sciExponent):00}";
        }
        if (decimalExponent <= 0) return $"{sign}0.{new string('0', -decimalExponent)}{digits}";
        if (decimalExponent >= digits.Length) return $"{sign}{digits}{new string('0', decimalExponent - digits.Length)}.0";
        return $"{sign}{digits[..decimalExponent]}.{digits[decimalExponent..]}";
    }
}
