using Gvm.Core.Inputs;
using Gvm.Core.Metrics;
using Gvm.Core.Runs;
using Gvm.Core.Sweeps;
using Gvm.Orchestration.Ledger;
using Gvm.Reporting.Tests.Synthetic;
using Gvm.Tracking.Journal;
using Gvm.Tracking.Sweeps;

namespace Gvm.Cli.Tests.Fuzz;

/// <summary>
/// Issue 17: every command that reads a file, run in-process on the hostile variants of a valid sample
/// (<see cref="HostileInputs"/>), exits 0 or 2; never "internal error" or a stack trace, and an exit 2 says which file.
/// Each failure names the command and the mutation.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class CommandFuzzTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gvm-fuzz-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static async Task<(int Code, string Error)> RunAsync(string[] args)
    {
        var (error, output) = (new StringWriter(), new StringWriter());
        var (previousError, previousOut) = (Console.Error, Console.Out);
        Console.SetError(error);
        Console.SetOut(output);
        try
        {
            var code = await GvmApp.RunAsync(args);
            return (code, error.ToString());
        }
        finally
        {
            Console.SetError(previousError);
            Console.SetOut(previousOut);
        }
    }

    /// <summary>Runs the command on each case written at <paramref name="path"/>; returns the failures.</summary>
    private static async Task<List<string>> ProbeAsync(string command, IEnumerable<HostileCase> cases, string path, string[] args,
        int[]? allowed = null, string? names = null)
    {
        allowed ??= [ExitCodes.Success, ExitCodes.InvalidInput];
        names ??= Path.GetFileName(path);
        var failures = new List<string>();
        foreach (var c in cases)
        {
            c.WriteTo(path);
            var (code, error) = await RunAsync(args);
            var what = $"{command}/{c.Name}: exit {code}: {ReaderFuzzTests.FirstLine(error)}";
            if (!allowed.Contains(code)) failures.Add(what);
            else if (error.Contains("internal error", StringComparison.Ordinal) || error.Contains("   at ", StringComparison.Ordinal))
                failures.Add($"{what} (an internal error or a stack trace on stderr)");
            else if (code == ExitCodes.InvalidInput && !error.Contains(names, StringComparison.Ordinal))
                failures.Add($"{what} (does not name {names})");
        }
        return failures;
    }

    private static string Tokenizer => ReaderFuzzTests.TokenizerDirectory;

    [Fact]
    public async Task Allocate_stats_file()
    {
        var path = Path.Combine(_root, "stats.jsonl");
        var cases = HostileInputs.From("""
            {"id":"p1","accept_rate":0.25,"grad_norm":1.5}
            {"id":"p2","accept_rate":0.75,"grad_norm":0.5}
            {"id":"p3","accept_rate":0,"grad_norm":2}

            """, SampleFormat.JsonLines);
        ReaderFuzzTests.AssertNone(await ProbeAsync("allocate", cases, path, ["allocate", path, "--budget", "64"]));
    }

    [Fact]
    public async Task Grade_file()
    {
        var path = Path.Combine(_root, "answers.jsonl");
        var cases = HostileInputs.From("""
            {"id":1,"gold":"\\frac{1}{2}","response":"so the answer is \\boxed{0.5}","equal":true}
            {"id":2,"gold":"4","pred":"5","equal":false}

            """, SampleFormat.JsonLines);
        ReaderFuzzTests.AssertNone(await ProbeAsync("grade", cases, path, ["grade", path]));
    }

    /// <summary>
    /// Each run loads the 150k-token Qwen2 tokenizer (about a second): a spread of the cases here, every case at library
    /// level (<see cref="ReaderFuzzTests.Tokenize_and_chat_json_lines"/>).
    /// </summary>
    [Fact]
    public async Task Tokenize_and_chat_files()
    {
        var text = Path.Combine(_root, "text.jsonl");
        var failures = await ProbeAsync("tokenize", HostileInputs.Spread(HostileInputs.From(ReaderFuzzTests.TokenizeSample, SampleFormat.JsonLines), 2),
            text, ["tokenize", "--tokenizer", Tokenizer, text]);
        var chat = Path.Combine(_root, "chat.jsonl");
        failures.AddRange(await ProbeAsync("chat", HostileInputs.Spread(HostileInputs.From(ReaderFuzzTests.ChatSample, SampleFormat.JsonLines), 2),
            chat, ["chat", "--tokenizer", Tokenizer, chat]));
        ReaderFuzzTests.AssertNone(failures);
    }

    [Fact]
    public async Task Plan_grid_file()
    {
        var path = Path.Combine(_root, "grid.yaml");
        var cases = HostileInputs.From(ReaderFuzzTests.GridSample, SampleFormat.Yaml);
        ReaderFuzzTests.AssertNone(await ProbeAsync("plan", cases, path, ["plan", path, "--sweep-dir", Path.Combine(_root, "sweep")]));
    }

    private static readonly SyntheticRun[] Runs =
    [
        new("r1", Algorithm.RaftPlusPlus, 1, CurveShape.Baseline),
        new("g1", Algorithm.GvmRaftPlusPlus, 1, CurveShape.Compressed2x),
    ];

    [Fact]
    public async Task Report_of_a_sweep_with_a_corrupted_plan_ledger_or_metrics_file()
    {
        var sweep = Path.Combine(_root, "sweep");
        var plan = SyntheticSweep.Write(sweep, Runs, [(0, 1)]);
        using (var ledger = SweepLedger.Open(sweep)) ledger.SyncPlan(plan);
        string[] args = ["report", sweep, "--no-plots"];
        var failures = new List<string>();
        foreach (var (file, format) in new[]
                 {
                     (Path.Combine(sweep, SweepLayout.PlanFile), SampleFormat.Json),
                     (Path.Combine(sweep, SweepLayout.LedgerFile), SampleFormat.Binary),
                     (Path.Combine(SweepLayout.RunDir(sweep, plan.Runs[1].RunId), RunFiles.Metrics), SampleFormat.JsonLines),
                 })
        {
            var original = File.ReadAllBytes(file);
            // Each report reads the whole sweep: a spread of the cases here, every case at library level (ReaderFuzzTests).
            failures.AddRange(await ProbeAsync($"report {Path.GetFileName(file)}", HostileInputs.Spread(HostileInputs.From(original, format), 10), file, args));
            new HostileCase("restore", original).WriteTo(file);
        }
        ReaderFuzzTests.AssertNone(failures);
    }

    [Fact]
    public async Task Mlflow_export_of_a_corrupted_run_journal()
    {
        var sweep = Path.Combine(_root, "sweep");
        var plan = SyntheticSweep.Write(sweep, Runs, [(0, 1)]);
        var run = plan.Runs[0].RunId;
        await using (var tracker = new JournalSweepTracker(sweep))
        {
            await tracker.StartSweepAsync(plan);
            await tracker.StartRunAsync(plan.Runs[0]);
            await tracker.LogMetricsAsync(run, Enumerable.Range(0, 5).Select(s => new MetricPoint("train/loss", s * 0.5, 1_000 + s, s)).ToArray());
            await tracker.EndRunAsync(run, "succeeded");
        }
        var journal = JournalPaths.Run(sweep, run);
        var cases = HostileInputs.From(File.ReadAllBytes(journal), SampleFormat.JsonLines);
        var to = Path.Combine(_root, "mlruns");
        // A journal with a bad line is refused (exit 2 naming the journal) unless --skip-bad-lines.
        var failures = await ProbeAsync("mlflow export", cases, journal, ["mlflow", "export", sweep, "--to", to]);
        failures.AddRange(await ProbeAsync("mlflow export --skip-bad-lines", cases, journal, ["mlflow", "export", sweep, "--to", to + "-skip", "--skip-bad-lines"]));
        ReaderFuzzTests.AssertNone(failures);
    }

    [Fact]
    public async Task Train_refuses_invalid_specs_before_training()
    {
        var path = Path.Combine(_root, "spec.json");
        var sample = new RunSpec { Name = "fuzz", Algorithm = Algorithm.GvmGrpo, Seed = 3 }.ToJson();
        // Only the mutations the spec reader refuses: a valid one would start a training run.
        var invalid = HostileInputs.From(sample, SampleFormat.Json).Where(c =>
        {
            c.WriteTo(path);
            try
            {
                return RunSpec.Load(path).Validate().Count > 0;
            }
            catch (InputException)
            {
                return true;
            }
        }).ToList();
        Assert.True(invalid.Count >= 30, $"only {invalid.Count} invalid specs");
        var failures = await ProbeAsync("train --spec", invalid, path, ["train", "--spec", path, "--out", Path.Combine(_root, "run")],
            allowed: [ExitCodes.InvalidInput]);
        Assert.False(Directory.Exists(Path.Combine(_root, "run")), "a refused spec left a run directory");
        ReaderFuzzTests.AssertNone(failures);
    }
}
