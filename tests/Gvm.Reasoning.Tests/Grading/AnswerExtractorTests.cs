using Gvm.Reasoning.Grading;

namespace Gvm.Reasoning.Tests.Grading;

public class AnswerExtractorTests
{
    [Theory]
    [InlineData(@"first $\boxed{3}$ then, much later in a long paragraph that goes on and on and on and on for a while, \boxed{5}", "5")]
    [InlineData(@"$\boxed{\frac{1}{\sqrt{2}}}$.", @"\frac{1}{\sqrt{2}}")]
    [InlineData(@"so \fbox{9}.", "9")]
    [InlineData(@"thus $\boxed 14$.", "14")]
    [InlineData(@"$\boxed{1}$ and $\boxed{-2}$", "1,-2")]
    [InlineData(@"\boxed{4}\n\n**Final Answer**\n\boxed{4}", "4")]
    [InlineData(@"We got \boxed{2}. Final Answer: The final answer is $7$. I hope it is correct.", "7")]
    [InlineData("so 9*2=18 dollars.\n#### 1,018", "1018")]
    [InlineData("Therefore, the answer is 29.", "29")]
    [InlineData("**Answer: 64**", "64")]
    [InlineData("Final Answer: The smallest $n$ is 34.", "34")]
    [InlineData("The probability is 2/3 overall.", "2/3")]
    [InlineData("Hence the area is $2(3+4) = 14$.", "2(3+4) = 14")]
    public void Extracts_the_final_answer(string response, string expected)
    {
        var answer = AnswerExtractor.Extract(response.Replace("\\n", "\n", StringComparison.Ordinal));
        Assert.NotNull(answer);
        Assert.Equal(expected, answer.Text);
    }

    [Theory]
    [InlineData(@"first \boxed{5}, then the answer is \boxed{6")]
    [InlineData(@"The answer is 5. \boxed{ }")]
    [InlineData("no numbers here at all")]
    [InlineData("")]
    public void Reports_no_answer(string response) => Assert.Null(AnswerExtractor.Extract(response));

    [Fact]
    public void Strict_mode_skips_the_last_number_fallback()
    {
        var strict = GradeOptions.Default with { StrictExtraction = true };
        Assert.Null(AnswerExtractor.Extract("I think it is 12 overall", strict));
        Assert.Equal("12", AnswerExtractor.Extract("The answer is 12.", strict)!.Text);
        Assert.Null(AnswerExtractor.Extract("The answer is 12.", strict with { RequireBoxOrMarker = true }));
    }

    [Fact]
    public void Gold_solutions_are_reduced_to_their_answer()
    {
        Assert.Equal("18", AnswerExtractor.PrepareGold("She makes 9 * 2 = $18.\n#### 18"));
        Assert.Equal("1.6", AnswerExtractor.PrepareGold(@"s = \frac{45}{3600} 7200=\boxed{1.6}"));
        Assert.Equal("42", AnswerExtractor.PrepareGold(" 42 "));
    }

    [Fact]
    public void After_think_only_ignores_the_reasoning_block()
    {
        var o = GradeOptions.Default with { AfterThinkOnly = true };
        Assert.Equal("6", AnswerExtractor.Extract(@"<think>\boxed{5}</think> so 6", o)!.Text);
    }
}
