using Gvm.Reasoning.Tasks;
using Gvm.Training.Rewards;

namespace Gvm.Training.Tests.Rewards;

public class AnswerRewardTests
{
    // Without \boxed{} the shared grader falls back to the last number (shared/specs/math-grading.md §3.1), as it
    // does for real math data; the task's reference chains always box the answer.
    [Fact]
    public void Reference_chains_score_one_and_wrong_or_missing_answers_zero()
    {
        var ds = ArithDataset.Build(new ArithTaskOptions { TrainSize = 50, TestPerLevel = 5 });
        foreach (var p in ds.Test) Assert.Equal(1.0, AnswerReward.Score(p.Solution, p.AnswerText));
        Assert.Equal(0.0, AnswerReward.Score(@"47+38=85;\boxed{86}", "85"));
        Assert.Equal(0.0, AnswerReward.Score(@"47+38=85;\boxed{8", "85"));   // cut off before the brace closes
    }
}
