using Gvm.Cli.Commands.Bench;

namespace Gvm.Cli.Tests.Commands.Bench;

public sealed class BenchmarkMarkdownTests
{
    private static BenchStep Step(int code, params string[] stdout) => new("gvm x", code, stdout, ["err line"], TimeSpan.FromSeconds(3));

    [Fact]
    public void Tables_are_kept_failures_are_named_and_the_report_is_folded_in_under_the_sweep()
    {
        var md = BenchmarkMarkdown.Build(
            ["date: d"],
            [("allocate", Step(0, "| a |", "| 1 |")), ("model", Step(1, "partial"))],
            "experiments/smoke.yaml", Step(0), Step(0),
            ["# Comparison report: smoke", "![acc](plots/acc.png)"], "benchmark-sweep");

        var lines = md.Split('\n');
        Assert.Equal("# GvmExperiments benchmark", lines[0]);
        Assert.Contains("> 1 step(s) failed: bench model", md);
        Assert.Contains("- date: d", lines);
        Assert.Contains("| a |\n| 1 |", md);
        Assert.Contains("**failed** (exit 1, 3 s). Last output:", md);
        Assert.Contains("partial\nerr line", md); // the failed step's last lines, stdout then stderr
        Assert.Contains("### Comparison report: smoke", lines); // demoted under "## Comparison"
        Assert.Contains("![acc](benchmark-sweep/plots/acc.png)", lines);
    }

    [Fact]
    public void A_sweep_without_a_plan_reports_that_the_report_did_not_run()
    {
        var md = BenchmarkMarkdown.Build([], [], "g.yaml", Step(2), null, null, "s");
        Assert.Contains("> 2 step(s) failed: sweep, report", md);
        Assert.Contains("`gvm report` did not run: the sweep wrote no plan.json", md);
    }

    [Fact]
    public void Without_a_sweep_there_is_no_comparison_section()
    {
        var md = BenchmarkMarkdown.Build([], [("grade", Step(0, "| g |"))], null, null, null, null, "s");
        Assert.DoesNotContain("Comparison", md);
        Assert.DoesNotContain("failed", md);
    }

    [Fact]
    public async Task Unknown_benchmarks_are_bad_input()
    {
        Assert.Equal(2, await GvmApp.RunAsync(["bench", "all", "--benches", "allocate,nosuch", "--no-sweep", "--out", Path.Combine(Path.GetTempPath(), "unused.md")]));
    }
}
