using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gvm.Reasoning.Grading;

/// <summary>Field names of a grading JSONL file (overridable from <c>gvm grade</c>).</summary>
public sealed record GradeFileOptions
{
    public string GoldField { get; init; } = "gold";
    public string ResponseField { get; init; } = "response";
    public string PredField { get; init; } = "pred";
    public string LabelField { get; init; } = "equal";
    public string IdField { get; init; } = "id";
    public GradeOptions Grading { get; init; } = GradeOptions.Default;
}

/// <summary>One verdict line of <c>gvm grade --out</c>: <c>{"id", "extracted", "equal"}</c>.</summary>
public sealed record GradeVerdict(JsonNode? Id, string? Extracted, bool Equal, bool? Expected, string? Why);

/// <summary>Totals of a grading run.</summary>
public sealed record GradeFileSummary(int Lines, int Correct, int Labelled, int Agreeing)
{
    public double Accuracy => Lines == 0 ? 0 : (double)Correct / Lines;
    public double Agreement => Labelled == 0 ? 0 : (double)Agreeing / Labelled;
}

/// <summary>Bad line in a grading file: names the file, the 1-based line and the field.</summary>
public sealed class GradeFileException(string path, long line, string field, string message, Exception? inner = null)
    : Gvm.Core.Inputs.InputException(path, line, field, message, inner)
{
    public string Path { get; } = path;
}

/// <summary>Grades a JSONL file line by line (each line has gold and either response or pred).</summary>
public static class GradeFile
{
    public static async Task<(IReadOnlyList<GradeVerdict> Verdicts, GradeFileSummary Summary)> GradeAsync(
        string path, GradeFileOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        var verdicts = new List<GradeVerdict>();
        int lineNo = 0, correct = 0, labelled = 0, agreeing = 0;
        await foreach (var (number, line) in Gvm.Core.Inputs.JsonLinesInput.ReadFileAsync(path, cancellationToken).ConfigureAwait(false))
        {
            lineNo = (int)number;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var v = GradeLine(path, lineNo, line, options);
            verdicts.Add(v);
            if (v.Equal) correct++;
            if (v.Expected is { } expected) { labelled++; if (expected == v.Equal) agreeing++; }
        }
        if (verdicts.Count == 0) throw new GradeFileException(path, 0, "", "no lines to grade (expected one JSON object per line)");
        return (verdicts, new GradeFileSummary(verdicts.Count, correct, labelled, agreeing));
    }

    public static GradeVerdict GradeLine(string path, int lineNo, string line, GradeFileOptions options)
    {
        JsonObject obj;
        // Strict parse first (duplicate keys, lone surrogate escapes, depth: file:line: field errors), then the node tree.
        using (var checkedDoc = Gvm.Core.Inputs.JsonInput.Parse(line, path, lineNo))
        {
            obj = checkedDoc.RootElement.ValueKind == JsonValueKind.Object
                ? JsonObject.Create(checkedDoc.RootElement.Clone())!
                : throw new GradeFileException(path, lineNo, "", "not a JSON object");
        }
        var gold = Text(obj, options.GoldField, path, lineNo) ?? throw new GradeFileException(path, lineNo, options.GoldField, "missing");
        var response = Text(obj, options.ResponseField, path, lineNo);
        var pred = Text(obj, options.PredField, path, lineNo);
        if (response is null && pred is null)
            throw new GradeFileException(path, lineNo, options.ResponseField, $"missing (and no '{options.PredField}')");
        bool? expected = null;
        if (obj[options.LabelField] is JsonNode label)
        {
            if (label.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                throw new GradeFileException(path, lineNo, options.LabelField, "must be true or false");
            expected = label.GetValue<bool>();
        }
        var result = response is not null
            ? MathGrader.Grade(response, gold, options.Grading)
            : MathGrader.Compare(pred!, gold, options.Grading);
        var id = obj[options.IdField]?.DeepClone() ?? JsonValue.Create(lineNo);
        return new GradeVerdict(id, result.Extracted, result.Correct, expected, result.Error);
    }

    /// <summary>String field; numbers are accepted and spelled as in the file (AMC golds such as 27.0).</summary>
    private static string? Text(JsonObject obj, string field, string path, int lineNo)
    {
        var node = obj[field];
        if (node is null) return null;
        return node.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.Number => node.ToJsonString(),
            JsonValueKind.Array when node.AsArray().Count > 0 && node[0] is { } first => first.GetValueKind() == JsonValueKind.String ? first.GetValue<string>() : first.ToJsonString(),
            _ => throw new GradeFileException(path, lineNo, field, "must be a string or number"),
        };
    }

    public static string VerdictLine(GradeVerdict v)
    {
        var o = new JsonObject { ["id"] = v.Id?.DeepClone(), ["extracted"] = v.Extracted, ["equal"] = v.Equal };
        return o.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
