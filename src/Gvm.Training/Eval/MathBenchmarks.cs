using System.Text.Json;
using Gvm.Reasoning.Tokenizers;

namespace Gvm.Training.Eval;

/// <summary>One evaluation problem. <see cref="Answer"/> is the gold as the GVM eval passes it to the grader.</summary>
public sealed record MathProblem(string Benchmark, int Index, string Problem, string Answer);

/// <summary>
/// The paper's five evaluation sets (shared/data/benchmarks, from RLHFlow/GVM eval/data). The gold is
/// <c>item["answer"]</c>; a list (OlympiadBench) gives its first element; a number is written as Python's <c>str()</c>
/// would (AMC's 27.0 → "27.0"), as in GVM's eval/eval.py (spec math-grading.md §2).
/// </summary>
public static class MathBenchmarks
{
    /// <summary>Benchmark names in the paper's Table 1 order.</summary>
    public static readonly IReadOnlyList<string> Names = ["math500", "minerva_math", "olympiad_bench", "aime24", "amc23"];

    /// <summary>The file of a benchmark inside a data directory (<c>{dir}/{name}.jsonl</c>); unknown names throw.</summary>
    public static string PathOf(string dataDirectory, string name) =>
        Names.Contains(name)
            ? Path.Combine(dataDirectory, name + ".jsonl")
            : throw new ArgumentException($"unknown benchmark '{name}'; supported: {string.Join(", ", Names)}", nameof(name));

    /// <summary>Reads a benchmark file (at most <paramref name="limit"/> problems when positive).</summary>
    /// <exception cref="JsonLinesInputException">A line lacks 'problem' or 'answer' or is not JSON.</exception>
    public static IReadOnlyList<MathProblem> Load(string name, string path, int limit = 0)
    {
        var problems = new List<MathProblem>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (limit > 0 && problems.Count >= limit) break;
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                throw new JsonLinesInputException(path, lineNo, "(line)", $"invalid JSON: {e.Message}");
            }
            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("problem", out var p) || p.ValueKind != JsonValueKind.String)
                    throw new JsonLinesInputException(path, lineNo, "problem", "missing or not a string");
                if (!root.TryGetProperty("answer", out var a)) throw new JsonLinesInputException(path, lineNo, "answer", "missing");
                var gold = GoldOf(a) ?? throw new JsonLinesInputException(path, lineNo, "answer", "expected a string, a number or a non-empty list");
                problems.Add(new MathProblem(name, problems.Count, p.GetString()!, gold));
            }
        }
        return problems;
    }

    /// <summary>The gold string of an <c>answer</c> field, or null when it has no usable value.</summary>
    public static string? GoldOf(JsonElement answer) => answer.ValueKind switch
    {
        JsonValueKind.String => answer.GetString(),
        JsonValueKind.Number => PythonJson.FormatNumber(answer.GetRawText()),
        JsonValueKind.Array when answer.GetArrayLength() > 0 => GoldOf(answer[0]),
        _ => null,
    };
}
