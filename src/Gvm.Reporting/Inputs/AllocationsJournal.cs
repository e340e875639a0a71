using System.Globalization;
using System.Text.Json;

namespace Gvm.Reporting.Inputs;

/// <summary>Reads allocations.jsonl (iteration, step, prompt_id, accept_rate, grad_norm, n per line).</summary>
public static class AllocationsJournal
{
    public static async Task<IReadOnlyList<AllocationRecord>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(text, path);
    }

    public static IReadOnlyList<AllocationRecord> Parse(string text, string source)
    {
        var records = new List<AllocationRecord>();
        var lines = text.Split('\n');
        var endsWithNewline = text.EndsWith('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                records.Add(ParseLine(line, source, i + 1));
            }
            catch (ReportInputException) when (i == lines.Length - 1 && !endsWithNewline)
            {
                // Torn last line of a run still writing; ignored until it is complete.
            }
        }
        return records;
    }

    private static AllocationRecord ParseLine(string line, string source, int n)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new ReportInputException(source, n, "", $"not a JSON object: {e.Message}", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new ReportInputException(source, n, "", "not a JSON object");
            return new AllocationRecord
            {
                Iteration = (int)Integer(root, "iteration", source, n),
                Step = Integer(root, "step", source, n, required: false),
                PromptId = PromptId(root, source, n),
                AcceptRate = Number(root, "accept_rate", source, n),
                GradNorm = Number(root, "grad_norm", source, n),
                N = (int)Integer(root, "n", source, n),
            };
        }
    }

    private static JsonElement? Get(JsonElement root, string field, string source, int n, bool required)
    {
        if (root.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null) return v;
        if (required) throw new ReportInputException(source, n, field, "is missing");
        return null;
    }

    private static long Integer(JsonElement root, string field, string source, int n, bool required = true)
    {
        var v = Get(root, field, source, n, required);
        if (v is null) return 0;
        if (v.Value.ValueKind == JsonValueKind.Number && v.Value.TryGetInt64(out var i) && i >= 0) return i;
        throw new ReportInputException(source, n, field, "must be a non-negative integer");
    }

    private static double Number(JsonElement root, string field, string source, int n)
    {
        var v = Get(root, field, source, n, required: true)!.Value;
        if (v.ValueKind == JsonValueKind.Number) return v.GetDouble();
        if (v.ValueKind == JsonValueKind.String
            && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return d;
        throw new ReportInputException(source, n, field, "must be a number");
    }

    private static string PromptId(JsonElement root, string source, int n)
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
