using System.Globalization;
using System.Text.Json;
using Gvm.Core.Inputs;

namespace Gvm.Reporting.Inputs;

/// <summary>
/// Line-by-line reading of a run's JSON Lines files (metrics.jsonl, allocations.jsonl, pass_rates.jsonl) with typed field readers
/// whose errors name the file, the line and the field.
/// </summary>
internal static class JsonLines
{
    /// <summary>
    /// Parses every non-blank line with <paramref name="parseLine"/>. A last line without its newline that does not
    /// parse is ignored (the trainer may be writing it); any other bad line throws <see cref="ReportInputException"/>.
    /// </summary>
    public static IReadOnlyList<T> Parse<T>(string text, string source, Func<JsonElement, string, int, T> parseLine)
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
                records.Add(ParseObject(line, source, i + 1, parseLine));
            }
            catch (ReportInputException) when (i == lines.Length - 1 && !endsWithNewline)
            {
                // Torn last line of a run still writing; ignored until it is complete.
            }
        }
        return records;
    }

    /// <summary>
    /// The run file's text: a directory or an unreadable file is an input error naming it. Decoding stays lenient: a
    /// torn last line may end inside a UTF-8 sequence.
    /// </summary>
    public static async Task<string> ReadTextAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = InputFiles.OpenRead(path);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Parses one line strictly (<see cref="JsonInput.Parse(string, string?, long)"/>: bad strings such as a lone
    /// surrogate escape and duplicate keys are errors of their line and field, not failures when a field is read).
    /// </summary>
    private static JsonDocument Document(string line, string source, int n)
    {
        try
        {
            return JsonInput.Parse(line, source, n);
        }
        catch (InputException e)
        {
            throw new ReportInputException(source, n, e.Field, e.InnerException is JsonException j ? $"not a JSON object: {j.Message}" : e.Reason, e);
        }
    }

    private static T ParseObject<T>(string line, string source, int n, Func<JsonElement, string, int, T> parseLine)
    {
        using (var doc = Document(line, source, n))
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new ReportInputException(source, n, "", "not a JSON object");
            return parseLine(doc.RootElement, source, n);
        }
    }

    private static JsonElement? Get(JsonElement root, string field, string source, int n, bool required)
    {
        if (root.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null) return v;
        if (required) throw new ReportInputException(source, n, field, "is missing");
        return null;
    }

    /// <summary>A non-negative integer field; null when optional and absent.</summary>
    public static long? Integer(JsonElement root, string field, string source, int n, bool required = true)
    {
        var v = Get(root, field, source, n, required);
        if (v is null) return null;
        if (v.Value.ValueKind == JsonValueKind.Number && v.Value.TryGetInt64(out var i) && i >= 0) return i;
        throw new ReportInputException(source, n, field, "must be a non-negative integer");
    }

    /// <summary>A number field (a JSON number, or a string holding one such as "NaN").</summary>
    public static double Number(JsonElement root, string field, string source, int n)
    {
        var v = Get(root, field, source, n, required: true)!.Value;
        if (v.ValueKind == JsonValueKind.Number) return v.GetDouble();
        if (v.ValueKind == JsonValueKind.String
            && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return d;
        throw new ReportInputException(source, n, field, "must be a number");
    }

    /// <summary>prompt_id: a string, or a number kept as written.</summary>
    public static string PromptId(JsonElement root, string source, int n)
    {
        var v = Get(root, "prompt_id", source, n, required: true)!.Value;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString()!,
            JsonValueKind.Number => v.GetRawText(),
            _ => throw new ReportInputException(source, n, "prompt_id", "must be a string or a number"),
        };
    }
}
