using Gvm.Core.Runs;
using Gvm.Core.Sweeps;
using Gvm.Reporting.Tests.Synthetic;

namespace Gvm.Cli.Tests.Commands;

[Collection(ConsoleCollection.Name)]
public sealed class ReportCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("gvm-report-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static readonly SyntheticRun[] Runs =
    [
        new("r1", Algorithm.RaftPlusPlus, 1, CurveShape.Baseline),
        new("g1", Algorithm.GvmRaftPlusPlus, 1, CurveShape.Compressed2x),
    ];

    [Fact]
    public async Task Tracked_sweep_gets_the_report_journalled_for_its_parent_run_without_the_run_directories()
    {
        SyntheticSweep.Write(_dir.FullName, Runs, [(0, 1)]);
        Directory.CreateDirectory(Path.Combine(_dir.FullName, SweepLayout.TrackingDir));

        Assert.Equal(0, await GvmApp.RunAsync(["report", _dir.FullName, "--no-plots", "--tracking-uri", "file:journal-only"]));

        var staged = Path.Combine(_dir.FullName, SweepLayout.TrackingDir, "report-artifacts");
        Assert.True(File.Exists(Path.Combine(staged, "comparison.md")));
        // MLflow's artifact viewer renders HTML, not Markdown: the page goes up with the rest.
        Assert.True(File.Exists(Path.Combine(staged, "comparison.html")));
        Assert.True(File.Exists(Path.Combine(staged, "speedups.csv")));
        Assert.False(Directory.Exists(Path.Combine(staged, SweepLayout.RunsDir)));
        var journal = Directory.EnumerateFiles(Path.Combine(_dir.FullName, SweepLayout.TrackingDir), "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(staged, StringComparison.Ordinal))
            .Select(File.ReadAllText);
        Assert.Contains(journal, text => text.Contains("\"artifacts\"", StringComparison.Ordinal) && text.Contains("report-artifacts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Untracked_sweep_writes_no_tracking_files()
    {
        SyntheticSweep.Write(_dir.FullName, Runs, [(0, 1)]);
        Assert.Equal(0, await GvmApp.RunAsync(["report", _dir.FullName, "--no-plots"]));
        Assert.False(Directory.Exists(Path.Combine(_dir.FullName, SweepLayout.TrackingDir)));
    }

    [Fact]
    public async Task Report_ends_with_a_summary_table_of_accuracy_pairs_and_failed_runs()
    {
        SyntheticRun[] runs =
        [
            .. Runs,
            new("o1", Algorithm.Grpo, 1, CurveShape.Baseline),
            new("v1", Algorithm.GvmGrpo, 1, CurveShape.Baseline, Failed: true),
        ];
        SyntheticSweep.Write(_dir.FullName, runs, [(0, 1), (2, 3)]);
        var text = await CaptureStdoutAsync(() => GvmApp.RunAsync(["report", _dir.FullName, "--no-plots"]), expected: 0);

        Assert.Contains("final accuracy (mean [95% t interval])", text);
        Assert.Contains("(n = 1, no interval)", text);
        Assert.Contains("n = 1: no verdict", text);
        Assert.Contains("S_0.9 steps", text);
        Assert.Contains("2.00× (n = 1, no interval)", text);
        Assert.Contains("eval protocol and cadence (1)", text);
        Assert.Contains("1 failed run(s)", text);
        Assert.Contains("diverged: loss is NaN at step 20", text);
        Assert.Contains("train.log", text);
        Assert.DoesNotContain("±", text);
    }

    [Fact]
    public async Task Sweep_summary_reads_the_runs_and_writes_no_report_files()
    {
        SyntheticSweep.Write(_dir.FullName, [.. Runs, new("v1", Algorithm.GvmGrpo, 1, CurveShape.Baseline, Failed: true)], [(0, 1)]);
        using var output = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(output), Ansi = Spectre.Console.AnsiSupport.No, ColorSystem = Spectre.Console.ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 200;
        await Gvm.Cli.Commands.ReportSummary.WriteForSweepAsync(console, _dir.FullName, CancellationToken.None);
        var text = output.ToString();
        Assert.Contains("RAFT++ vs GVM-RAFT++", text);
        Assert.Contains("diverged: loss is NaN at step 20", text);
        Assert.False(File.Exists(Path.Combine(_dir.FullName, "comparison.md")));
    }

    private static async Task<string> CaptureStdoutAsync(Func<Task<int>> run, int expected)
    {
        var previous = Console.Out;
        using var stdout = new StringWriter();
        Console.SetOut(stdout);
        try
        {
            Assert.Equal(expected, await run());
        }
        finally
        {
            Console.SetOut(previous);
        }
        return stdout.ToString();
    }
}
