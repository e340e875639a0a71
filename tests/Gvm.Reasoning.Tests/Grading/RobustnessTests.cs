using System.Text;
using Gvm.Reasoning.Grading;

namespace Gvm.Reasoning.Tests.Grading;

/// <summary>No input may hang, blow up or throw (spec section 6, guards): failures are "not equal" with a reason.</summary>
public class RobustnessTests
{
    public static TheoryData<string, string> Hostile => new()
    {
        { "2^{10^{6}}", "1" },
        { "10^{10^{10}}", "10" },
        { "1000000!", "1" },
        { "\\binom{1000000}{500000}", "2" },
        { "\\frac{", "1" },
        { "\\sqrt[", "1" },
        { "((((((((", "1" },
        { new string('(', 3000) + "1" + new string(')', 3000), "2" },
        { string.Concat(Enumerable.Repeat("1+", 5000)) + "1", "5001" },
        { string.Concat(Enumerable.Repeat("\\pm 1", 12)), "1" },
        { "x^{x^{x^{x^{x^{x}}}}}", "y" },
        { "\\begin{pmatrix}1&2\\\\3\\end{pmatrix}", "1" },
        { new string('9', 3000), "1" },
        { "1e99999", "1" },
        { "\\left( \\right]", "(1,2)" },
        { "\\unknowncommand{3}", "3" },
        { "}{}{", "{}" },
        { "$", "$" + "1" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_answers_are_not_equal_and_do_not_throw(string pred, string gold)
    {
        var r = MathGrader.Compare(pred, gold, GradeOptions.Default);
        Assert.False(r.Correct);
    }

    [Fact]
    public void Huge_response_with_unterminated_box_has_no_answer()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) sb.Append("step ").Append(i).Append(" gives $x_").Append(i).Append("$. ");
        sb.Append("\\boxed{\\frac{1}{2");
        var r = MathGrader.Grade(sb.ToString(), "\\frac12");
        Assert.False(r.Correct);
        Assert.Null(r.Extracted);
    }

    [Fact]
    public void Thousands_of_adjacent_boxes_are_capped()
    {
        var response = string.Concat(Enumerable.Range(0, 5000).Select(i => $"\\boxed{{{i}}}, "));
        var r = MathGrader.Grade(response, "4999");
        Assert.False(r.Correct);
        Assert.NotNull(r.Extracted);
    }

    [Fact]
    public void Grading_is_thread_safe_and_deterministic()
    {
        var pairs = new (string Pred, string Gold)[]
        {
            ("\\frac{x}{7}+\\frac{2}{7}", "\\frac{x+2}{7}"), ("(3,\\infty)\\cup(-\\infty,2)", "(-\\infty, 2) \\cup (3, \\infty)"),
            ("2x+4y-3=0", "y=-\\frac12x+\\frac34"), ("0.3333333", "\\frac13"), ("28\\%", "0.28"), ("\\sqrt{18}", "3\\sqrt2"),
        };
        var expected = pairs.Select(p => MathGrader.IsEquivalent(p.Pred, p.Gold)).ToArray();
        Assert.All(expected, Assert.True);
        var results = new bool[400];
        Parallel.For(0, results.Length, i => results[i] = MathGrader.IsEquivalent(pairs[i % pairs.Length].Pred, pairs[i % pairs.Length].Gold));
        Assert.All(results, Assert.True);
    }

    [Fact]
    public void Options_validate()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => (GradeOptions.Default with { FloatRelTol = 0 }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (GradeOptions.Default with { TimeoutMs = 0 }).Validate());
        Assert.Same(GradeOptions.Default, GradeOptions.Default.Validate());
    }
}
