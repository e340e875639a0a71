using Gvm.Reasoning.Datasets;
using Gvm.Reasoning.Prompts;

namespace Gvm.Reasoning.Tests.Datasets;

public class DatasetLoaderTests
{
    [Theory]
    [InlineData(Benchmark.Math500, 500)]
    [InlineData(Benchmark.MinervaMath, 272)]
    [InlineData(Benchmark.OlympiadBench, 675)]
    [InlineData(Benchmark.Aime24, 30)]
    [InlineData(Benchmark.Amc23, 40)]
    public async Task Benchmarks_load_with_answers(Benchmark benchmark, int count)
    {
        var problems = await Benchmarks.LoadAsync(benchmark);
        Assert.Equal(count, problems.Count);
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Problem) || string.IsNullOrWhiteSpace(p.Answer)));
        Assert.All(problems, p => Assert.Equal(Benchmarks.Name(benchmark), p.DataSource));
        Assert.Equal(count, problems.Select(p => p.Id).Distinct().Count());
    }

    [Fact]
    public async Task Numeric_and_list_answers_follow_gvm_eval()
    {
        var amc = await Benchmarks.LoadAsync(Benchmark.Amc23);
        Assert.Equal("27.0", amc[0].Answer);
        var olympiad = await Benchmarks.LoadAsync(Benchmark.OlympiadBench);
        Assert.Equal("2", olympiad[0].Answer);
        var math = await Benchmarks.LoadAsync(Benchmark.Math500);
        Assert.NotNull(math[0].Solution);
        Assert.NotNull(math[0].Level);
    }

    [Fact]
    public void Benchmark_names_round_trip()
    {
        foreach (var b in Benchmarks.All) Assert.Equal(b, Benchmarks.Parse(Benchmarks.Name(b)));
        Assert.Throws<ArgumentException>(() => Benchmarks.Parse("gsm9k"));
    }

    [Fact]
    public async Task Training_jsonl_needs_problem_and_answer()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gvm-train-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(path, ["""{"problem":"1+1?","answer":"2"}""", "", """{"question":"2+2?","answer":4}"""]);
        try
        {
            var problems = await JsonlProblems.LoadAsync(path, "train");
            Assert.Equal(["1", "3"], problems.Select(p => p.Id));
            Assert.Equal("4", problems[1].Answer);
            await File.AppendAllLinesAsync(path, ["""{"problem":"3+3?"}"""]);
            var e = await Assert.ThrowsAsync<DatasetFormatException>(() => JsonlProblems.LoadAsync(path, "train"));
            Assert.Equal(4, e.Line);
            Assert.Equal("answer", e.Field);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task Verl_parquet_round_trips_prompt_and_ground_truth()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gvm-verl-{Guid.NewGuid():N}.parquet");
        var input = new[]
        {
            new MathProblem("0", "What is $1+1$?", "2", "numina_math"),
            new MathProblem("1", "Find x.", "\\frac{1}{2}", "numina_math"),
        };
        try
        {
            await VerlParquet.WriteAsync(path, input);
            var problems = await VerlParquet.LoadAsync(path);
            Assert.Equal(2, problems.Count);
            Assert.Equal("What is $1+1$?", problems[0].Problem);
            Assert.Equal("\\frac{1}{2}", problems[1].Answer);
            Assert.Equal("numina_math", problems[1].DataSource);
            Assert.Equal("1", problems[1].Id);
            Assert.Equal(MathPromptTemplate.Build("Find x."), problems[1].Prompt);
        }
        finally { File.Delete(path); }
    }
}
