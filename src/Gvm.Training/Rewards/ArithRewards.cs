using Gvm.Core.Runs;
using Gvm.Reasoning.Tasks;

namespace Gvm.Training.Rewards;

/// <summary>
/// The built-in task's 0/1 rewards (<c>task.reward</c>), used for training and evaluation alike. One dispatch on
/// <see cref="ArithReward"/>.
/// </summary>
public static class ArithRewards
{
    /// <summary>1 only for a correct derivation (<see cref="ArithDerivation"/>: every step right, boxed answer = total).</summary>
    public static double Derivation(ArithProblem problem, string response) =>
        ArithDerivation.Check(problem, response).IsCorrect ? 1.0 : 0.0;

    /// <summary>1 when the boxed answer is the exact result (<see cref="AnswerReward"/>), whatever the steps say.</summary>
    public static double Answer(ArithProblem problem, string response) => AnswerReward.Score(response, problem.AnswerText);

    public static Func<ArithProblem, string, double> For(ArithReward reward) => reward switch
    {
        ArithReward.Derivation => Derivation,
        ArithReward.Answer => Answer,
        _ => throw new ArgumentOutOfRangeException(nameof(reward), reward, "supported: derivation, answer"),
    };
}
