using System.Text;
using System.Text.RegularExpressions;

namespace Gvm.Tracking.Export;

/// <summary>
/// Writes <c>key: value</c> lines as PyYAML's safe dumper does with MLflow's options (spec §5.10): plain scalars
/// unless the text would read back as another type or holds YAML-significant characters, then single quotes.
/// Long scalars with spaces are folded after column 80 onto a continuation line indented by two spaces.
/// </summary>
public static partial class YamlScalar
{
    private const int Width = 80;

    // YAML 1.1 implicit types of PyYAML's resolver: bool, null, int, float, timestamp, merge, value.
    [GeneratedRegex(@"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL|<<|=" +
        @"|[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+" +
        @"|[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*" +
        @"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)" +
        @"|[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$")]
    private static partial Regex Implicit();

    public static string Line(string key, string? value) => $"{key}: {Format(value, key.Length + 2)}\n";

    public static string Line(string key, long? value) => $"{key}: {(value is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "null")}\n";

    /// <summary>The scalar as PyYAML would write it after <paramref name="column"/> characters of its line.</summary>
    public static string Format(string? value, int column = 0)
    {
        if (value is null) return "null";
        if (value.Length == 0) return "''";
        if (value.Any(c => char.IsControl(c) && c != '\t') || value.Contains('\t')) return DoubleQuoted(value);
        return NeedsQuotes(value) ? Fold("'" + value.Replace("'", "''", StringComparison.Ordinal) + "'", column) : Fold(value, column);
    }

    private static bool NeedsQuotes(string s)
    {
        if (Implicit().IsMatch(s)) return true;
        if (s[0] == ' ' || s[^1] == ' ') return true;
        if ("#,[]{}&*!|>'\"%@`".Contains(s[0])) return true;
        if (s[0] is '-' or '?' or ':' && (s.Length == 1 || s[1] == ' ')) return true;
        if (s.StartsWith("---", StringComparison.Ordinal) || s.StartsWith("...", StringComparison.Ordinal)) return true;
        return s.Contains(": ", StringComparison.Ordinal) || s.Contains(" #", StringComparison.Ordinal) || s[^1] == ':';
    }

    /// <summary>PyYAML breaks at a single space once the column is past the width (write_plain / write_single_quoted).</summary>
    private static string Fold(string text, int column)
    {
        if (!text.Contains(' ')) return text;
        var sb = new StringBuilder();
        var words = text.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            if (i > 0)
            {
                var single = words[i - 1].Length > 0 && words[i].Length > 0;
                if (single && column > Width)
                {
                    sb.Append("\n  ");
                    column = 2;
                }
                else
                {
                    sb.Append(' ');
                    column++;
                }
            }
            sb.Append(words[i]);
            column += words[i].Length;
        }
        return sb.ToString();
    }

    private static string DoubleQuoted(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(c) => $"\\x{(int)c:X2}",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }
}
