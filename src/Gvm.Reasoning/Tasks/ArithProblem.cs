namespace Gvm.Reasoning.Tasks;

/// <summary>
/// One problem of the built-in multi-step arithmetic task: <see cref="Prompt"/> ("47+38-15="), the reference chain
/// of thought <see cref="Solution"/> ("47+38=85;85-15=70;\boxed{70}") and the exact <see cref="Answer"/>.
/// </summary>
public sealed record ArithProblem(int Id, int Level, string Prompt, string Solution, int Answer)
{
    /// <summary>The reference answer as the grader compares it.</summary>
    public string AnswerText => Answer.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
