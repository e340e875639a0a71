using Gvm.Reasoning.Grading;

namespace Gvm.Training.Rewards;

/// <summary>
/// The 0/1 outcome reward of the math task: <see cref="MathGrader.Grade"/> in strict mode (docs/grading.md: X5, the
/// lenient last-number fallback, is off for RL rewards, so a response earns reward only for an answer it states:
/// Minerva line, <c>\boxed{}</c>, <c>####</c> or "the answer is"). Evaluation keeps the default grader, as GVM's eval.
/// </summary>
public static class MathReward
{
    public static readonly GradeOptions Options = new GradeOptions { StrictExtraction = true }.Validate();

    public static double Score(string response, string gold) => MathGrader.Grade(response, gold, Options).Reward;
}
