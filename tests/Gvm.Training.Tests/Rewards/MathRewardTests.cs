using Gvm.Reasoning.Grading;
using Gvm.Training.Rewards;

namespace Gvm.Training.Tests.Rewards;

public class MathRewardTests
{
    [Fact]
    public void Stated_answers_are_graded_by_equivalence()
    {
        Assert.Equal(1.0, MathReward.Score(@"so $x = \frac{1}{2}$, i.e. \boxed{0.5}", @"\frac12"));
        Assert.Equal(1.0, MathReward.Score("The answer is 12.", "12"));
        Assert.Equal(0.0, MathReward.Score(@"\boxed{13}", "12"));
    }

    // The lenient grader (evaluation) takes the last number of an unmarked response; the RL reward does not.
    [Fact]
    public void The_last_number_fallback_earns_no_reward()
    {
        const string response = "adding them gives 7 + 5 = 12";
        Assert.True(MathGrader.Grade(response, "12").Correct);
        Assert.Equal(0.0, MathReward.Score(response, "12"));
    }
}
