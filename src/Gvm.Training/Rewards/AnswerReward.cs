using Gvm.Reasoning.Grading;

namespace Gvm.Training.Rewards;

/// <summary>
/// The 0/1 outcome reward: 1 when the response's final answer (\boxed{} extraction) is equivalent to the reference
/// under <see cref="MathGrader"/>, the same grader path as real math data. No format reward.
/// </summary>
public static class AnswerReward
{
    public static double Score(string response, string reference) =>
        MathGrader.Grade(response, reference).Correct ? 1.0 : 0.0;
}
