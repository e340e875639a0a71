using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gvm.Reasoning.Datasets;

/// <summary>
/// JSON Lines problem files: the five benchmarks and training sets. Each line needs a problem (<c>problem</c>, else
/// <c>question</c>) and an <c>answer</c>: a string, a number (AMC's <c>27.0</c> is kept as written, as GVM's
/// <c>str()</c> does) or a list whose first element is used (OlympiadBench). Ids come from <c>unique_id</c>,
/// <c>id</c> or <c>idx</c>, else the line number.
/// </summary>
public static class JsonlProblems
{
    public static async Task<IReadOnlyList<MathProblem>> LoadAsync(string path, string dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var problems = new List<MathProblem>();
        int lineNo = 0;
        await foreach (var line in File.ReadLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            problems.Add(ParseLine(path, lineNo, line, dataSource));
        }
        return problems;
    }

    public static MathProblem ParseLine(string path, int lineNo, string line, string dataSource)
    {
        JsonObject obj;
        try
        {
            obj = JsonNode.Parse(line) as JsonObject ?? throw new DatasetFormatException(path, lineNo, "(line)", "not a JSON object");
        }
        catch (JsonException e)
        {
            throw new DatasetFormatException(path, lineNo, "(line)", "invalid JSON: " + e.Message);
        }
        var problem = Str(obj, "problem", path, lineNo) ?? Str(obj, "question", path, lineNo)
            ?? throw new DatasetFormatException(path, lineNo, "problem", "missing (nor 'question')");
        var answer = Answer(obj, path, lineNo) ?? throw new DatasetFormatException(path, lineNo, "answer", "missing");
        var id = Str(obj, "unique_id", path, lineNo) ?? Str(obj, "id", path, lineNo) ?? Str(obj, "idx", path, lineNo)
            ?? lineNo.ToString(CultureInfo.InvariantCulture);
        int? level = obj["level"] is JsonValue lv && lv.TryGetValue<int>(out var l) ? l : null;
        return new MathProblem(id, problem, answer, Str(obj, "data_source", path, lineNo) ?? dataSource)
        {
            Solution = obj["solution"] is JsonValue ? Str(obj, "solution", path, lineNo) : null,
            Subject = Str(obj, "subject", path, lineNo),
            Level = level,
        };
    }

    private static string? Answer(JsonObject obj, string path, int lineNo)
    {
        var node = obj["answer"];
        if (node is JsonArray arr)
        {
            if (arr.Count == 0) throw new DatasetFormatException(path, lineNo, "answer", "empty list");
            node = arr[0];
        }
        return node is null ? null : Scalar(node, "answer", path, lineNo);
    }

    private static string? Str(JsonObject obj, string field, string path, int lineNo) =>
        obj[field] is { } node ? Scalar(node, field, path, lineNo) : null;

    private static string Scalar(JsonNode node, string field, string path, int lineNo) => node.GetValueKind() switch
    {
        JsonValueKind.String => node.GetValue<string>(),
        JsonValueKind.Number => node.ToJsonString(),
        _ => throw new DatasetFormatException(path, lineNo, field, $"expected a string or number, got {node.GetValueKind()}"),
    };
}
