using Gvm.Core.Runs.Files;
using Gvm.Reporting.Inputs;

namespace Gvm.Reporting.Tests.Inputs;

public class JournalTests
{
    [Fact]
    public void Metrics_lines_keep_step_time_and_named_values()
    {
        var rows = MetricsJournal.Parse("{\"step\":3,\"time\":1.5,\"train/loss\":0.25,\"eval/accuracy\":\"NaN\"}\n", "m.jsonl");
        var row = Assert.Single(rows);
        Assert.Equal(3, row.Step);
        Assert.Equal(1.5, row.Time);
        Assert.Equal(0.25, row.Values["train/loss"]);
        Assert.True(double.IsNaN(row.Values["eval/accuracy"]));
    }

    [Fact]
    public void A_bad_metrics_line_names_file_line_and_field()
    {
        var e = Assert.Throws<ReportInputException>(() =>
            MetricsJournal.Parse("{\"step\":1}\n{\"step\":2,\"train/loss\":\"high\"}\n", "runs/a/metrics.jsonl"));
        Assert.Equal(2, e.Line);
        Assert.Equal("train/loss", e.Field);
        Assert.Contains("runs/a/metrics.jsonl:2", e.Message);
    }

    [Fact]
    public void A_torn_last_line_of_a_running_trainer_is_ignored()
    {
        var rows = MetricsJournal.Parse("{\"step\":1}\n{\"step\":2,\"tra", "m.jsonl");
        Assert.Single(rows);
    }

    [Fact]
    public void Allocation_lines_parse_and_missing_fields_are_named()
    {
        var ok = AllocationsJournal.Parse("{\"iteration\":1,\"step\":4,\"prompt_id\":17,\"accept_rate\":0.25,\"grad_norm\":1.5,\"n\":6}\n", "a.jsonl");
        Assert.Equal(new AllocationRecord { Iteration = 1, Step = 4, PromptId = "17", AcceptRate = 0.25, GradNorm = 1.5, N = 6 }, Assert.Single(ok));
        var e = Assert.Throws<ReportInputException>(() => AllocationsJournal.Parse("{\"iteration\":1,\"prompt_id\":\"x\",\"accept_rate\":0.5,\"grad_norm\":1}\n", "a.jsonl"));
        Assert.Equal("n", e.Field);
    }

    [Fact]
    public void Allocation_levels_and_pass_rate_lines_parse_and_bad_ones_are_named()
    {
        var level = AllocationsJournal.Parse("{\"iteration\":0,\"step\":0,\"prompt_id\":\"p\",\"level\":3,\"accept_rate\":0.5,\"grad_norm\":1,\"n\":4}\n", "a.jsonl");
        Assert.Equal(3, Assert.Single(level).Level);

        var rows = PassRatesJournal.Parse("{\"step\":5,\"prompt_id\":\"q7\",\"level\":2,\"samples\":8,\"accepted\":3}\n{\"step\":6,\"prompt_id\":1,\"le", "runs/a/pass_rates.jsonl");
        var row = Assert.Single(rows);
        Assert.Equal((5L, "q7", 2, 8, 3), (row.Step, row.PromptId, row.Level, row.Samples, row.Accepted));
        Assert.Equal(0.375, row.PassRate, 12);

        var e = Assert.Throws<ReportInputException>(() => PassRatesJournal.Parse(
            "{\"step\":5,\"prompt_id\":\"q7\",\"level\":2,\"samples\":8,\"accepted\":9}\n", "runs/a/pass_rates.jsonl"));
        Assert.Equal(("accepted", 1), (e.Field, e.Line));
        Assert.Contains("runs/a/pass_rates.jsonl:1: accepted: must be <= samples (8), got 9", e.Message);
        Assert.Equal("level", Assert.Throws<ReportInputException>(() => PassRatesJournal.Parse(
            "{\"step\":5,\"prompt_id\":\"q7\",\"level\":-1,\"samples\":8,\"accepted\":1}\n", "p.jsonl")).Field);
    }
}
