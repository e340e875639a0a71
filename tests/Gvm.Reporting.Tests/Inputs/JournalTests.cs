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
}
