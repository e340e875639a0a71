using System.Text.Json.Nodes;
using Gvm.Core.IO;
using Gvm.Reasoning.Datasets;
using Gvm.Reasoning.Grading;

namespace Gvm.Reasoning.Tests.Grading;

/// <summary>Acceptance on the shared vectors (spec section 13) and MATH500 self-grading (issue 5, "Done when").</summary>
public class GradingCasesTests
{
    [Fact]
    public async Task Grading_cases_agree_with_labels_on_at_least_98_percent()
    {
        var path = RepoPaths.RequireShared("testdata/grading-cases.jsonl");
        var (verdicts, summary) = await GradeFile.GradeAsync(path, new GradeFileOptions());
        var disagreements = verdicts.Where(v => v.Expected != v.Equal).Select(v => $"{v.Id}: {v.Extracted} ({v.Why})");
        Assert.Equal(337, summary.Labelled);
        Assert.True(summary.Agreement >= 0.98, "disagreements: " + string.Join("; ", disagreements));
    }

    [Fact]
    public async Task Math500_solutions_grade_equal_to_their_own_answers()
    {
        var problems = await Benchmarks.LoadAsync(Benchmark.Math500);
        var failures = problems.Where(p => !MathGrader.Grade(p.Solution!, p.Answer).Correct).Select(p => p.Id).ToList();
        Assert.True(failures.Count <= 15, "not equal: " + string.Join(", ", failures));
    }

    [Fact]
    public async Task Math500_answers_do_not_match_other_problems_answers()
    {
        var problems = await Benchmarks.LoadAsync(Benchmark.Math500);
        int falsePositives = 0;
        for (int i = 0; i < problems.Count; i++)
        {
            var other = problems[(i + 1) % problems.Count].Answer;
            if (MathGrader.IsEquivalent(problems[i].Answer, other) && problems[i].Answer.Trim() != other.Trim()) falsePositives++;
        }
        // Only "5" vs "x=5"-style pairs (assignment unwrapping) may match.
        Assert.True(falsePositives <= 2, $"{falsePositives} cross matches");
    }

    [Fact]
    public void Verdict_line_has_id_extracted_and_equal()
    {
        var v = GradeFile.GradeLine("t.jsonl", 3, """{"pred":"\\frac12","gold":"0.5"}""", new GradeFileOptions());
        var o = JsonNode.Parse(GradeFile.VerdictLine(v))!.AsObject();
        Assert.Equal(3, o["id"]!.GetValue<int>());
        Assert.Equal("\\frac12", o["extracted"]!.GetValue<string>());
        Assert.True(o["equal"]!.GetValue<bool>());
    }

    [Fact]
    public void Bad_line_names_file_line_and_field()
    {
        var e = Assert.Throws<GradeFileException>(() => GradeFile.GradeLine("t.jsonl", 7, """{"pred":"1"}""", new GradeFileOptions()));
        Assert.Equal(7, e.Line);
        Assert.Equal("gold", e.Field);
        Assert.Contains("t.jsonl:7", e.Message);
    }

    [Fact]
    public void Field_names_can_be_overridden()
    {
        var options = new GradeFileOptions { GoldField = "answer", ResponseField = "output" };
        var v = GradeFile.GradeLine("t.jsonl", 1, """{"output":"so \\boxed{4}","answer":4}""", options);
        Assert.True(v.Equal);
        Assert.Equal("4", v.Extracted);
    }
}
