using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Gvm.Core.Runs;

namespace Gvm.Cli.Tests.Commands;

/// <summary>
/// <c>gvm train</c> as a real process: SIGTERM in the middle of a step that takes several seconds must still end in
/// a checkpoint, status <c>interrupted</c> and exit 130 (the contract), and the same command then completes the run.
/// </summary>
public sealed class TrainSignalTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gvm-train-signal-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // SFT on the tiny preset with batches of 1024 sequences: a step takes seconds on 2 cores, well over the 2 s after
    // which a default System.CommandLine invocation would force the process out.
    private const string Spec = """
        { "name": "signal", "algorithm": "sft", "threads": 1, "seed": 5,
          "task": { "levels": 2, "train_size": 4096 }, "model": { "preset": "tiny" },
          "optim": { "batch_size": 1024, "lr": 0.001 },
          "schedule": { "steps": 3, "eval_every": 0, "checkpoint_every": 0 },
          "eval": { "per_level": 5, "max_new_tokens": 16 } }
        """;

    [Fact]
    public async Task Sigterm_mid_step_writes_a_checkpoint_exits_130_and_the_rerun_finishes()
    {
        var spec = Path.Combine(_root, "spec.json");
        var run = Path.Combine(_root, "run");
        await File.WriteAllTextAsync(spec, Spec);

        using (var trainer = Start(spec, run))
        {
            var output = trainer.StandardError.ReadToEndAsync();
            var clock = Stopwatch.StartNew();
            while (StatusState(run) != "running" && !trainer.HasExited && clock.Elapsed < TimeSpan.FromMinutes(3)) await Task.Delay(50);
            if (trainer.HasExited) Assert.Fail($"gvm train ended before step 1: {await output}");
            Assert.Equal(0, Kill(trainer.Id, 15)); // SIGTERM while step 2 is being computed
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            await trainer.WaitForExitAsync(limit.Token);
            Assert.True(trainer.ExitCode == ExitCodes.Interrupted, $"exit {trainer.ExitCode}: {await output}");
        }
        Assert.Equal("interrupted", StatusState(run));
        Assert.True(File.Exists(Path.Combine(run, RunFiles.Checkpoints, "latest")));

        using (var again = Start(spec, run))
        {
            var output = again.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            await again.WaitForExitAsync(limit.Token);
            Assert.True(again.ExitCode == ExitCodes.Success, $"exit {again.ExitCode}: {await output}");
        }
        var steps = File.ReadAllLines(Path.Combine(run, RunFiles.Metrics)).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("step").GetInt32());
        Assert.Equal([0, 1, 2, 3], steps);
        Assert.True(File.Exists(Path.Combine(run, RunFiles.Final, "config.json")));
    }

    private static Process Start(string spec, string run)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "gvm.dll"), "train", "--spec", spec, "--out", run }) psi.ArgumentList.Add(a);
        return Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start");
    }

    private static string? StatusState(string run)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(Path.Combine(run, RunFiles.Status))).RootElement.GetProperty("state").GetString();
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
