using Gvm.Core.Metrics;
using Gvm.Tracking.Export;
using Gvm.Tracking.Journal;
using Gvm.Tracking.LocalServer;
using Gvm.Tracking.Stores;
using Gvm.Tracking.Sweeps;
using Gvm.Tracking.Tests.Mlflow;

namespace Gvm.Tracking.Tests.Journal;

/// <summary>
/// A journal line that does not parse is never dropped silently: push stops at it (file, line, count) unless told to
/// skip, export refuses before writing anything unless told to skip; a crash remnant the writer closed is not damage.
/// </summary>
public sealed class BadLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gvm-badline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static MetricPoint[] Points(int from, int count) =>
        Enumerable.Range(from, count).Select(s => new MetricPoint("train/loss", s * 0.5, 1_000 + s, s)).ToArray();

    /// <summary>One run: start, 10 points, a damaged line (line 3 of its journal), 10 points, end.</summary>
    private async Task<string> JournalWithBadLineAsync()
    {
        var plan = JournalTests.Plan(1);
        await using (var tracker = new JournalSweepTracker(_dir))
        {
            await tracker.StartSweepAsync(plan);
            await tracker.StartRunAsync(plan.Runs[0]);
            await tracker.LogMetricsAsync("run0", Points(0, 10));
        }
        var path = JournalPaths.Run(_dir, "run0");
        File.AppendAllText(path, "{\"type\":\"metrics\",\"points\":[[\"train/loss\" GARBAGE\n");
        await using (var tracker = new JournalSweepTracker(_dir))
        {
            await tracker.LogMetricsAsync("run0", Points(10, 10));
            await tracker.EndRunAsync("run0", "succeeded");
        }
        return path;
    }

    [Fact]
    public async Task Push_stops_at_a_bad_line_naming_file_and_line_and_skips_it_only_when_told()
    {
        var path = await JournalWithBadLineAsync();
        Assert.Equal(3, Assert.Single(JournalReader.BadLines(path)).Line);
        await using var server = new LocalMlflowServer(new LocalServerOptions { DeduplicateMetrics = false });
        await using var store = new MlflowRestStore(TestClients.For(server));

        var e = await Assert.ThrowsAsync<JournalFormatException>(() => new JournalForwarder(_dir, store).ForwardAsync());
        Assert.Equal((path, 3L), (e.File, e.Line));
        Assert.Contains("--skip-bad-lines", e.Message);
        var run = Assert.Single(server.Runs, r => r.Tags.GetValueOrDefault("gvm.run_key") == "run0");
        Assert.Equal(10, run.Metrics["train/loss"].Count); // what came before the bad line was sent, nothing after it

        // Stopping again at the same place until told otherwise: the line is not quietly passed over on a rerun.
        await Assert.ThrowsAsync<JournalFormatException>(() => new JournalForwarder(_dir, store).ForwardAsync());
        var result = await new JournalForwarder(_dir, store, skipBadLines: true).ForwardAsync();
        Assert.Equal(1, result.SkippedBadLines);
        Assert.Equal(Points(0, 20), run.Metrics["train/loss"]);
        Assert.Equal("FINISHED", run.Status);
    }

    [Fact]
    public async Task Export_refuses_a_journal_with_a_bad_line_before_writing_and_exports_it_when_told_to_skip()
    {
        await JournalWithBadLineAsync();
        var target = Path.Combine(_dir, "mlruns");
        var e = Assert.Throws<JournalFormatException>(() => MlrunsExporter.Export(_dir, target));
        Assert.Equal(3, e.Line);
        Assert.Contains("nothing was exported", e.Message);
        Assert.False(Directory.Exists(target));

        var result = MlrunsExporter.Export(_dir, target, new MlrunsExportOptions { SkipBadLines = true });
        Assert.Equal(3, Assert.Single(result.SkippedBadLines).Line);
        Assert.Equal(20, result.MetricPoints);
    }

    [Fact]
    public void A_record_cut_by_a_crash_is_closed_as_a_remnant_and_is_not_damage()
    {
        using (var w = new JournalWriter(_dir)) w.AppendRun("r", new JournalRecord { Type = JournalRecordTypes.Metrics, Points = Points(0, 2) });
        var path = JournalPaths.Run(_dir, "r");
        File.AppendAllText(path, "{\"type\":\"metr"); // the writer was killed mid-line
        using (var w = new JournalWriter(_dir)) w.AppendRun("r", new JournalRecord { Type = JournalRecordTypes.RunEnd, Status = "FINISHED" });

        Assert.Equal(3, File.ReadAllLines(path).Length);
        Assert.EndsWith("#partial record of a crash", File.ReadAllLines(path)[1]);
        Assert.Empty(JournalReader.BadLines(path));
        Assert.Equal([JournalRecordTypes.Metrics, JournalRecordTypes.RunEnd], JournalReader.Read(path).Select(x => x.Record.Type));
    }
}
