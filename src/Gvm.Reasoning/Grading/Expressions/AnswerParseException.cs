namespace Gvm.Reasoning.Grading.Expressions;

/// <summary>The answer text is not an expression the grader understands (the comparison then counts as not equal).</summary>
public sealed class AnswerParseException : Exception
{
    public AnswerParseException(string message) : base(message) { }
    public AnswerParseException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A comparison ran past its time or work budget (spec section 6, guards).</summary>
public sealed class GradingBudgetException : Exception
{
    public GradingBudgetException(string message) : base(message) { }
    public GradingBudgetException(string message, Exception inner) : base(message, inner) { }
}
