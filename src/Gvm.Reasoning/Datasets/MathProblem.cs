using Gvm.Reasoning.Prompts;

namespace Gvm.Reasoning.Datasets;

/// <summary>
/// One math problem with its reference answer. <see cref="Answer"/> is the gold as the grader receives it (Minerva
/// golds are whole solutions; <see cref="Grading.MathGrader"/> extracts their last box).
/// </summary>
public sealed record MathProblem(string Id, string Problem, string Answer, string DataSource)
{
    public string? Solution { get; init; }
    public string? Subject { get; init; }
    public int? Level { get; init; }

    /// <summary>The stored chat prompt (verl Parquet); null means "build it with <see cref="MathPromptTemplate"/>".</summary>
    public IReadOnlyList<ChatMessage>? Prompt { get; init; }

    public IReadOnlyList<ChatMessage> ChatPrompt() => Prompt ?? MathPromptTemplate.Build(Problem);
}

/// <summary>A dataset line or row that cannot be used: names the file, the 1-based line (or row) and the field.</summary>
public sealed class DatasetFormatException(string path, long line, string field, string message, Exception? inner = null)
    : Gvm.Core.Inputs.InputException(path, line, field, message, inner)
{
    public string Path { get; } = path;
}
