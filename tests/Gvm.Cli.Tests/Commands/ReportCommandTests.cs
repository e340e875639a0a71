using Gvm.Core.Runs;
using Gvm.Core.Sweeps;
using Gvm.Reporting.Tests.Synthetic;

namespace Gvm.Cli.Tests.Commands;

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
}
