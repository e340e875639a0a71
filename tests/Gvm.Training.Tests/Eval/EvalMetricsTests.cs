using System.Text.Json;
using Gvm.Training.Eval;

namespace Gvm.Training.Tests.Eval;

public class EvalMetricsTests
{
    private static GradedSample S(string? answer, bool correct) => new(answer, correct);

    [Fact]
    public void Mean_pass_and_majority_follow_their_definitions()
    {
        IReadOnlyList<IReadOnlyList<GradedSample>> problems =
        [
            [S("2", true), S("3", false), S("3", false), S("2", true)], // mean 0.5, pass 1, maj: tie 2 vs 3 → "2" seen first → 1
            [S("5", false), S(null, false), S("5", false), S("4", true)], // mean 0.25, pass 1, maj "5" → 0
            [S(null, false), S(null, false), S(null, false), S(null, false)], // no answers: 0 everywhere
        ];
        Assert.Equal(0.25, EvalMetrics.MeanAtK(problems), 12);
        Assert.Equal(2 / 3.0, EvalMetrics.PassAtK(problems), 12);
        Assert.Equal(1 / 3.0, EvalMetrics.MajAtK(problems), 12);
    }

    [Fact]
    public void Properties_hold_on_random_verdicts()
    {
        var rng = new Random(5);
        for (var n = 0; n < 200; n++)
        {
            var problems = Enumerable.Range(0, rng.Next(1, 6)).Select(_ =>
                (IReadOnlyList<GradedSample>)Enumerable.Range(0, rng.Next(1, 9)).Select(_ =>
                {
                    var answer = rng.Next(4) == 0 ? null : rng.Next(3).ToString();
                    return S(answer, answer == "0");
                }).ToList()).ToList();
            var mean = EvalMetrics.MeanAtK(problems);
            Assert.InRange(mean, 0, EvalMetrics.PassAtK(problems));
            Assert.InRange(EvalMetrics.MajAtK(problems), 0, EvalMetrics.PassAtK(problems));
        }
    }

    [Theory]
    [InlineData("\"\\\\frac{1}{2}\"", "\\frac{1}{2}")]
    [InlineData("27.0", "27.0")] // AMC golds are floats; Python str() keeps ".0"
    [InlineData("[\"2\"]", "2")] // OlympiadBench: first element of the list
    [InlineData("12", "12")]
    public void Gold_answers_are_read_like_the_gvm_eval(string json, string expected)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(expected, MathBenchmarks.GoldOf(doc.RootElement));
    }

    [Fact]
    public void All_shared_benchmarks_load_with_a_gold_for_every_problem()
    {
        var dir = Gvm.Core.IO.RepoPaths.RequireShared("data/benchmarks");
        var counts = MathBenchmarks.Names.ToDictionary(b => b, b => MathBenchmarks.Load(b, MathBenchmarks.PathOf(dir, b)).Count);
        Assert.Equal(new Dictionary<string, int> { ["math500"] = 500, ["minerva_math"] = 272, ["olympiad_bench"] = 675, ["aime24"] = 30, ["amc23"] = 40 }, counts);
    }
}
