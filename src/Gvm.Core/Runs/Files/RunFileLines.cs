using System.Globalization;
using System.Text.Json;
using Gvm.Core.Inputs;

namespace Gvm.Core.Runs.Files;

/// <summary>
/// The JSON Lines layer shared by the run files' codecs (<see cref="MetricsFile"/>, <see cref="AllocationsFile"/>,
/// <see cref="PassRatesFile"/>): the line loop, the strict parse of one line and typed field readers whose errors are
/// <see cref="InputException"/>s naming the file, the line and the field.
/// </summary>
public static class RunFileLines
{
    /// <summary>
    /// Parses every non-blank line with <paramref name="decode"/>. A last line without its newline that does not
    /// parse is ignored (the trainer may be writing it); any other bad line throws <see cref="InputException"/>.
    /// </summary>
    public static IReadOnlyList<T> Parse<T>(string text, string source, Func<JsonElement, string, int, T> decode)
    {
        var records = new List<T>();
        var lines = text.Split('\n');
        var endsWithNewline = text.EndsWith('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                records.Add(DecodeLine(line, source, i + 1, decode));
            }
            catch (InputException) when (i == lines.Length - 1 && !endsWithNewline)
            {
                // Torn last line of a run still writing; ignored until it is complete.
            }
        }
        return records;
    }

    /// <summary>
    /// Parses one line strictly (<see cref="JsonInput.Parse(string, string?, long)"/>: bad strings such as a lone
    /// surrogate escape and duplicate keys are errors of their line and field), checks it is an object and decodes it.
    /// </summary>
    public static T DecodeLine<T>(string line, string source, int n, Func<JsonElement, string, int, T> decode)
    {
        using var doc = Document(line, source, n);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InputException(source, n, "", "not a JSON object");
        return decode(doc.RootElement, source, n);
    }

    private static JsonDocument Document(string line, string source, int n)
    {
        try
        {
            return JsonInput.Parse(line, source, n);
        }
        catch (InputException e)
        {
            throw new InputException(source, n, e.Field, e.InnerException is JsonException j ? $"not a JSON object: {j.Message}" : e.Reason, e);
        }
    }

    private static JsonElement? Get(JsonElement root, string field, string source, int n, bool required)
    {
        if (root.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null) return v;
        if (required) throw new InputException(source, n, field, "is missing");
        return null;
    }

    /// <summary>A non-negative integer field; null when optional and absent.</summary>
    public static long? Integer(JsonElement root, string field, string source, int n, bool required = true)
    {
        var v = Get(root, field, source, n, required);
        if (v is null) return null;
        if (v.Value.ValueKind == JsonValueKind.Number && v.Value.TryGetInt64(out var i) && i >= 0) return i;
        throw new InputException(source, n, field, "must be a non-negative integer");
    }

    /// <summary>A number field (a JSON number, or a string holding one such as "NaN").</summary>
    public static double Number(JsonElement root, string field, string source, int n)
    {
        var v = Get(root, field, source, n, required: true)!.Value;
        if (v.ValueKind == JsonValueKind.Number) return v.GetDouble();
        if (v.ValueKind == JsonValueKind.String
            && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return d;
        throw new InputException(source, n, field, "must be a number");
    }

    /// <summary>A string field, or a number kept as written.</summary>
    public static string Key(JsonElement root, string field, string source, int n)
    {
        var v = Get(root, field, source, n, required: true)!.Value;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString()!,
            JsonValueKind.Number => v.GetRawText(),
            _ => throw new InputException(source, n, field, "must be a string or a number"),
        };
    }

    /// <summary>
    /// Writes a double as the project's JSON writer does (<see cref="GvmJson.Line"/>): shortest round-trip digits, and
    /// the named literals "NaN", "Infinity", "-Infinity" as strings.
    /// </summary>
    public static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumber(name, value);
        else writer.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>One JSON Lines line (with its newline) written by <paramref name="write"/> between the object's braces.</summary>
    public static string Line(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = GvmJson.Line.Encoder }))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }
}
