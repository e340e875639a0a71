using Gvm.Orchestration.Launchers;
using Gvm.Orchestration.Launchers.Slurm;
using Gvm.Orchestration.Metrics;
using Gvm.Orchestration.Tests.Fakes;

namespace Gvm.Orchestration.Tests.Launchers.Slurm;

/// <summary>The slurm launcher against the private single-node Slurm, one attempt at a time, with the fake trainer.</summary>
[Collection(SlurmCollection.Name)]
[Trait("Category", "Slurm")]
public sealed class SlurmLauncherTests(SlurmCluster cluster) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"gvm-slurm-test-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_job_gets_a_gpu_writes_into_the_run_directory_and_succeeds()
    {
        await using var launcher = new SlurmLauncher(cluster.Options(TestSweep.Trainer("sleep=0.05")));
        var request = Request("ok", steps: 2, gpus: 1);
        var handle = await launcher.SubmitAsync(request);
        var outcome = await WaitAsync(launcher, handle);

        Assert.Equal(LaunchEnd.Succeeded, outcome.End);
        Assert.Equal("succeeded", RunStatusFile.ReadResultState(request.RunDir));
        Assert.Matches("^[01]$", File.ReadAllText(Path.Combine(request.RunDir, "gpus")).Trim());
        Assert.Contains($"gvm: slurm job {handle.Id} attempt 1", File.ReadAllText(Path.Combine(request.RunDir, "stdout.log")));
        Assert.Contains("#SBATCH --gres=gpu:1", File.ReadAllText(Path.Combine(request.RunDir, "slurm-1.sh")));
    }

    [Fact]
    public async Task Afterok_holds_a_job_until_its_dependency_succeeds_and_reports_dependency_failed_when_it_fails()
    {
        await using var launcher = new SlurmLauncher(cluster.Options(TestSweep.Trainer("sleep=0.5")));
        var first = await launcher.SubmitAsync(Request("first", steps: 2));
        var second = await launcher.SubmitAsync(Request("second", steps: 1) with { After = [first.Id] });
        await using var failer = new SlurmLauncher(cluster.Options(TestSweep.Trainer("sleep=0.5", "fail_until=9")));
        var failing = await failer.SubmitAsync(Request("failing", steps: 1));
        var blocked = await launcher.SubmitAsync(Request("blocked", steps: 1) with { After = [failing.Id] });

        Assert.Equal(LaunchEnd.Succeeded, (await WaitAsync(launcher, first)).End);
        Assert.Equal(LaunchEnd.Succeeded, (await WaitAsync(launcher, second)).End);
        var firstDone = File.GetLastWriteTimeUtc(Path.Combine(RunDir("first"), "completions"));
        var secondStart = File.GetLastWriteTimeUtc(Path.Combine(RunDir("second"), "starts"));
        Assert.True(secondStart >= firstDone, $"second started {secondStart:O} before first ended {firstDone:O}");

        var failed = await WaitAsync(failer, failing);
        Assert.Equal((LaunchEnd.Failed, 1), (failed.End, failed.ExitCode));
        var outcome = await WaitAsync(launcher, blocked);
        Assert.Equal(LaunchEnd.DependencyFailed, outcome.End);
        Assert.Contains("depends on (afterok)", outcome.Message);
        Assert.False(File.Exists(Path.Combine(RunDir("blocked"), "starts")));
    }

    [Fact]
    public async Task Cancel_sends_SIGTERM_so_the_trainer_checkpoints_and_records_cancelled()
    {
        await using var launcher = new SlurmLauncher(cluster.Options(TestSweep.Trainer("sleep=0.2", "hang=1")));
        var request = Request("cancel", steps: 5);
        var handle = await launcher.SubmitAsync(request);
        await WaitForFileAsync(Path.Combine(request.RunDir, "status.json"));

        await launcher.CancelAsync(handle, TimeSpan.FromSeconds(10));
        var outcome = await WaitAsync(launcher, handle);

        Assert.Equal(LaunchEnd.Cancelled, outcome.End);
        Assert.Equal("stopped on request", outcome.Message);
        Assert.Equal("interrupted", RunStatusFile.ReadStatus(request.RunDir)?.State);
    }

    [Fact]
    public async Task A_node_that_cannot_see_the_run_directory_fails_the_job_with_the_shared_filesystem_message()
    {
        var options = cluster.Options(TestSweep.Trainer("sleep=0.05")) with { ExtraArguments = ["--hold"] };
        await using var launcher = new SlurmLauncher(options);
        var request = Request("unshared", steps: 1);
        var handle = await launcher.SubmitAsync(request);
        // What a node with its own copy of the directory would see: a probe that is not the one just written.
        File.WriteAllText(Path.Combine(request.RunDir, SlurmScript.ProbeFile), "stale");
        await cluster.Cli.RunAsync("scontrol", ["release", handle.Id]);

        var outcome = await WaitAsync(launcher, handle);

        Assert.Equal((LaunchEnd.Failed, SlurmJob.NotSharedExitCode), (outcome.End, outcome.ExitCode));
        Assert.Contains("shared filesystem", outcome.Message);
        Assert.False(File.Exists(Path.Combine(request.RunDir, "starts")));
    }

    [Fact]
    public async Task A_new_launcher_re_attaches_by_comment_when_no_handle_was_recorded()
    {
        var options = cluster.Options(TestSweep.Trainer("sleep=0.05"));
        var request = Request("attach", steps: 2);
        string id;
        await using (var first = new SlurmLauncher(options with { ExtraArguments = ["--hold"] }))
            id = (await first.SubmitAsync(request)).Id;

        await using var second = new SlurmLauncher(options);
        Assert.Null(await second.AttachAsync(request with { Attempt = 2 }, null)); // another attempt's job is not ours
        var handle = await second.AttachAsync(request, null);
        Assert.Equal(id, handle?.Id);
        await cluster.Cli.RunAsync("scontrol", ["release", id]);
        Assert.Equal(LaunchEnd.Succeeded, (await WaitAsync(second, handle!)).End);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private string RunDir(string name) => Path.Combine(_dir, name);

    private LaunchRequest Request(string name, int steps, int gpus = 0)
    {
        var runDir = RunDir(name);
        Directory.CreateDirectory(runDir);
        File.WriteAllText(Path.Combine(runDir, "spec.json"), $"{{\"schedule\": {{\"steps\": {steps}}}}}");
        return new LaunchRequest
        {
            SweepId = "test" + _dir[^8..], RunId = name, Attempt = 1, RunDir = runDir, Gpus = Enumerable.Range(0, gpus).ToArray(),
        };
    }

    private async Task<LaunchOutcome> WaitAsync(SlurmLauncher launcher, LaunchHandle handle)
    {
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            return await launcher.WaitAsync(handle, limit.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"job {handle.Id} did not end within {Limit.TotalSeconds} s\n{cluster.Diagnostics()}");
            throw;
        }
    }

    private static async Task WaitForFileAsync(string path)
    {
        for (var i = 0; i < 600 && !File.Exists(path); i++) await Task.Delay(100);
        Assert.True(File.Exists(path), $"{path} never appeared");
    }
}
