using System.Net;
using System.Net.Sockets;
using Gvm.Cli.Logging;
using Gvm.Core.Runs;
using Gvm.Core.Sweeps;
using Gvm.Reporting.Tests.Synthetic;
using Gvm.Tracking.Journal;
using Microsoft.Extensions.Logging;

namespace Gvm.Cli.Tests;

/// <summary>Issue 19: tracking warnings reach stderr; --quiet keeps only errors, --verbose adds debug lines.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class LoggingTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("gvm-logging-");
    private readonly TextWriter _stderr = Console.Error;
    private readonly StringWriter _captured = new();

    public LoggingTests() => Console.SetError(_captured);

    public void Dispose()
    {
        Console.SetError(_stderr);
        _dir.Delete(recursive: true);
    }

    /// <summary>A loopback port nothing listens on: connections are refused at once.</summary>
    private static string ClosedServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return $"http://127.0.0.1:{port}";
    }

    private string JournalledSweep()
    {
        using var journal = new JournalWriter(_dir.FullName);
        journal.AppendSweep(new JournalRecord { Type = JournalRecordTypes.Sweep, Time = 1, Experiment = "e" });
        return _dir.FullName;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public async Task A_server_that_does_not_answer_is_reported_on_stderr_as_a_warning()
    {
        var code = await GvmApp.RunAsync(["mlflow", "push", JournalledSweep(), "--tracking-uri", ClosedServer(), "--max-retries", "1"]);

        Assert.Equal(1, code);
        var warning = Assert.Single(Lines(_captured.ToString()), l => l.StartsWith("warning: ", StringComparison.Ordinal));
        Assert.Contains("MLflow GET experiments/get-by-name failed with 0 (attempt 1 of 2); retrying", warning);
        Assert.Contains("run the same command again to continue", _captured.ToString()); // the command's own error follows
    }

    [Fact]
    public async Task Quiet_keeps_errors_only()
    {
        var code = await GvmApp.RunAsync(["mlflow", "push", JournalledSweep(), "--tracking-uri", ClosedServer(), "--max-retries", "1", "--quiet"]);

        Assert.Equal(1, code);
        Assert.DoesNotContain(Lines(_captured.ToString()), l => l.StartsWith("warning: ", StringComparison.Ordinal));
        Assert.Contains("gvm mlflow push: ", _captured.ToString());
    }

    [Fact]
    public async Task The_background_sender_warns_when_the_server_is_down_at_the_end_of_a_report()
    {
        SyntheticSweep.Write(_dir.FullName, [new("r1", Algorithm.RaftPlusPlus, 1, CurveShape.Baseline), new("g1", Algorithm.GvmRaftPlusPlus, 1, CurveShape.Compressed2x)], [(0, 1)]);
        using (var journal = new JournalWriter(_dir.FullName)) // a tracked sweep: its parent run waits for the report
            journal.AppendSweep(new JournalRecord { Type = JournalRecordTypes.Sweep, Time = 1, Experiment = "e", Key = "sweep:s", Name = "s" });
        var retries = Environment.GetEnvironmentVariable("MLFLOW_HTTP_REQUEST_MAX_RETRIES");
        Environment.SetEnvironmentVariable("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0"); // fail the pass at once instead of backing off for minutes
        try
        {
            Assert.Equal(0, await GvmApp.RunAsync(["report", _dir.FullName, "--no-plots", "--tracking-uri", ClosedServer()]));
        }
        finally
        {
            Environment.SetEnvironmentVariable("MLFLOW_HTTP_REQUEST_MAX_RETRIES", retries);
        }
        // One line per failed pass (the sender may have tried once before the final pass at disposal).
        var warnings = Lines(_captured.ToString()).Where(l => l.StartsWith("warning: Tracking server", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(warnings);
        Assert.All(warnings, w => Assert.Contains("not reachable; metrics stay in the journal", w));
        Assert.Contains(warnings, w => w.Contains("Next try in 0 s", StringComparison.Ordinal) && w.Contains("'gvm mlflow push' replays them later", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verbose_and_quiet_together_are_bad_input()
    {
        Assert.Equal(2, await GvmApp.RunAsync(["mlflow", "push", _dir.FullName, "--verbose", "--quiet"]));
        Assert.Contains("--verbose and --quiet exclude each other", _captured.ToString());
    }

    [Theory]
    [InlineData(false, false, "warning: w|error: e")]
    [InlineData(true, false, "debug [LoggingTests]: d|info [LoggingTests]: i|warning [LoggingTests]: w|error [LoggingTests]: e")]
    [InlineData(false, true, "error: e")]
    public void Levels_follow_the_global_options(bool verbose, bool quiet, string expected)
    {
        using (var loggers = CliLogging.Create(CliLogging.LevelFor(verbose, quiet), new TerminalLoggerProvider { ShowCategory = verbose, ThroughSpectre = false }))
        {
            var logger = loggers.CreateLogger<LoggingTests>();
            logger.LogTrace("t");
            logger.LogDebug("d");
            logger.LogInformation("i");
            logger.LogWarning("w");
            logger.LogError("e");
        }
        Assert.Equal(expected.Split('|'), Lines(_captured.ToString()));
    }
}
