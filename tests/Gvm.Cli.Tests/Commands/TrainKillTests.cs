using System.Diagnostics;
using System.Text.Json;
using Gvm.Core.Runs;
using Gvm.Training.State;
using Gvm.Training.Trainer;

namespace Gvm.Cli.Tests.Commands;

/// <summary>The uninterrupted run every killed run is compared with (computed once, in process).</summary>
public sealed class StraightRun : IDisposable
{
    public StraightRun()
    {
        Dir = Directory.CreateTempSubdirectory("gvm-kill-straight-").FullName;
        var code = new TrainerRun(RunSpec.Parse(TrainKillTests.SpecJson), Path.Combine(Dir, "run"),
            new TrainerRunOptions { HandleSignals = false, Echo = false }).Run();
        if (code != ExitCodes.Success) throw new InvalidOperationException($"the straight run exited {code}");
    }

    public string Dir { get; }

    public string RunDir => Path.Combine(Dir, "run");

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

/// <summary>
/// <c>gvm train</c> as a real process killed with SIGKILL (no handler runs, nothing is flushed): in the middle of a
/// step, and at three points of a checkpoint write (weights written, staging complete, renamed but not yet named by
/// <c>latest</c>). Running the same command again must finish with exactly the metrics and allocations of a run
/// that was never interrupted (timing metrics aside).
/// </summary>
public sealed class TrainKillTests(StraightRun straight) : IClassFixture<StraightRun>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gvm-train-kill-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>
    /// GVM-GRPO on the micro model, a checkpoint every step, an EM iteration of 2 steps: a step takes about a second on
    /// 2 cores (long enough for a kill to land inside one), the run under 10 s.
    /// </summary>
    internal const string SpecJson = """
        { "name": "kill", "algorithm": "gvm_grpo", "threads": 1, "seed": 11,
          "task": { "levels": 2, "train_size": 300 }, "model": { "preset": "micro" },
          "sampling": { "prompts_per_step": 16, "samples_per_prompt": 8, "presamples": 4, "max_new_tokens": 24 },
          "optim": { "lr": 0.003, "mini_batch_size": 32 },
          "schedule": { "steps": 5, "steps_per_iteration": 2, "eval_every": 2, "checkpoint_every": 1 },
          "eval": { "per_level": 4, "max_new_tokens": 16 } }
        """;

    [Fact]
    public async Task Sigkill_during_a_step_then_rerun_gives_the_uninterrupted_metrics()
    {
        var (spec, run) = Prepare();
        using (var trainer = Start(spec, run))
        {
            var errors = trainer.StandardError.ReadToEndAsync();
            var clock = Stopwatch.StartNew();
            // Step 3 is under way once step 2's metrics line is written (its checkpoint follows within milliseconds).
            while (MetricLines(run) < 3 && !trainer.HasExited)
            {
                if (clock.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException("step 2 never finished");
                await Task.Delay(10);
            }
            // (no `await errors` before the kill: reading stderr to its end waits for the process to finish)
            if (trainer.HasExited) Assert.Fail($"gvm train ended before the kill: {await errors}");
            trainer.Kill(); // SIGKILL
            await trainer.WaitForExitAsync();
            Assert.True(trainer.ExitCode == 137, $"exit {trainer.ExitCode}: {await errors}");
        }
        Assert.NotEqual("succeeded", State(run));
        await RerunAndCompareAsync(spec, run);
    }

    [Theory]
    [InlineData(FaultPoints.CheckpointWeights)]
    [InlineData(FaultPoints.CheckpointStaged)]
    [InlineData(FaultPoints.CheckpointRenamed)]
    public async Task Sigkill_during_a_checkpoint_write_then_rerun_gives_the_uninterrupted_metrics(string point)
    {
        var (spec, run) = Prepare();
        using (var trainer = Start(spec, run, (FaultPoints.Variable, $"{point}@3")))
        {
            var errors = trainer.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await trainer.WaitForExitAsync(limit.Token);
            var log = await errors;
            Assert.True(trainer.ExitCode == 137, $"exit {trainer.ExitCode}: {log}");
            Assert.Contains($"SIGKILL at {point} of step 3", log);
        }
        var checkpoints = Path.Combine(run, RunFiles.Checkpoints);
        var latest = File.ReadAllText(Path.Combine(checkpoints, TrainerCheckpoint.Latest)).Trim();
        Assert.Equal("step_000002", latest); // step 3's checkpoint never became current
        Assert.Equal(point == FaultPoints.CheckpointRenamed, Directory.Exists(Path.Combine(checkpoints, "step_000003")));
        await RerunAndCompareAsync(spec, run);
    }

    private (string Spec, string Run) Prepare()
    {
        var spec = Path.Combine(_root, "spec.json");
        File.WriteAllText(spec, SpecJson);
        return (spec, Path.Combine(_root, "run"));
    }

    private async Task RerunAndCompareAsync(string spec, string run)
    {
        using (var again = Start(spec, run))
        {
            var errors = again.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await again.WaitForExitAsync(limit.Token);
            Assert.True(again.ExitCode == ExitCodes.Success, $"rerun exit {again.ExitCode}: {await errors}");
        }
        Assert.Equal("succeeded", State(run));
        Assert.Equal(Metrics(straight.RunDir), Metrics(run));
        Assert.Equal(File.ReadAllLines(Path.Combine(straight.RunDir, RunFiles.Allocations)), File.ReadAllLines(Path.Combine(run, RunFiles.Allocations)));
        Assert.Equal(File.ReadAllLines(Path.Combine(straight.RunDir, RunFiles.PassRates)), File.ReadAllLines(Path.Combine(run, RunFiles.PassRates)));
    }

    private static Process Start(string spec, string run, params (string Name, string Value)[] environment)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "gvm.dll"), "train", "--spec", spec, "--out", run }) psi.ArgumentList.Add(a);
        foreach (var (name, value) in environment) psi.Environment[name] = value;
        return Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start");
    }

    private static int MetricLines(string run)
    {
        var path = Path.Combine(run, RunFiles.Metrics);
        try
        {
            return File.Exists(path) ? File.ReadAllLines(path).Count(l => l.EndsWith('}')) : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string? State(string run)
    {
        var path = Path.Combine(run, RunFiles.Status);
        return File.Exists(path) ? JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("state").GetString() : null;
    }

    /// <summary>Every metric line without its timing fields (time, perf/*, cost/seconds_cum), as text.</summary>
    private static List<string> Metrics(string run) =>
        File.ReadAllLines(Path.Combine(run, RunFiles.Metrics))
            .Select(l => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(l)!)
            .Select(d => string.Join(",", d.Where(kv => kv.Key != "time" && !kv.Key.StartsWith("perf/", StringComparison.Ordinal) && kv.Key != MetricNames.SecondsCum)
                .OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value.GetDouble():R}")))
            .ToList();
}
