using Gvm.Orchestration.Tests.Fakes;
using Gvm.Tracking.LocalServer;

namespace Gvm.Orchestration.Tests.Sweeps;

/// <summary>
/// Tracking credentials stay out of everything a sweep writes: a sweep run as a child process with a password in
/// MLFLOW_TRACKING_URI (http://user:pass@host) and a token and password in MLFLOW_TRACKING_*, forwarding live to a
/// test server; then every file under the sweep directory (plan, ledger, journals, push state, run files, the
/// trainers' logs and the environment each trainer got) and the command's output are searched for the secrets.
/// </summary>
public class SecretsTests
{
    private const string UriPassword = "uri-pw-6f1c2a";
    private const string Token = "token-9d3e7b";
    private const string Password = "env-pw-4a8f0c";

    [Fact]
    public async Task No_file_a_sweep_writes_and_no_trainer_environment_holds_a_tracking_secret()
    {
        await using var server = new LocalMlflowServer(new LocalServerOptions());
        using var t = new TestSweep(TestSweep.Grid());
        var uri = new UriBuilder(server.Uri) { UserName = "gvm-user", Password = UriPassword }.Uri.ToString();
        Assert.Contains(UriPassword, uri);

        using var sweep = GvmCli.Start(t.Dir,
        [
            "sweep", t.GridPath, "--sweep-dir", t.SweepDir, "--parallel", "2", "--progress", "plain", "--gpus", "",
            "--metrics-interval", "0.2", "--trainer", $"/bin/bash {TestSweep.FakeTrainerPath} env_dump=1",
        ], new Dictionary<string, string>
        {
            ["MLFLOW_TRACKING_URI"] = uri, ["MLFLOW_TRACKING_TOKEN"] = Token,
            ["MLFLOW_TRACKING_USERNAME"] = "gvm-user", ["MLFLOW_TRACKING_PASSWORD"] = Password,
        });
        var output = sweep.StandardOutput.ReadToEndAsync();
        var errors = sweep.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await sweep.WaitForExitAsync(limit.Token);
        var log = await output + await errors;
        Assert.True(sweep.ExitCode == 0, log);
        Assert.True(server.Runs.Count > 0, "nothing reached the tracking server: the test would prove nothing");

        var files = Directory.GetFiles(t.SweepDir, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("plan.json", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Contains($"{Path.DirectorySeparatorChar}push{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var envs = files.Where(f => f.EndsWith("env.txt", StringComparison.Ordinal)).ToList();
        Assert.Equal(t.Plan().Runs.Count, envs.Count);
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            foreach (var secret in new[] { UriPassword, Token, Password })
                Assert.True(bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(secret)) < 0, $"{file} holds '{secret}'");
        }
        foreach (var secret in new[] { UriPassword, Token, Password }) Assert.DoesNotContain(secret, log);
        foreach (var env in envs)
        {
            var lines = await File.ReadAllLinesAsync(env);
            Assert.DoesNotContain(lines, l => l.StartsWith("MLFLOW_TRACKING_TOKEN=", StringComparison.Ordinal)
                || l.StartsWith("MLFLOW_TRACKING_USERNAME=", StringComparison.Ordinal) || l.StartsWith("MLFLOW_TRACKING_PASSWORD=", StringComparison.Ordinal));
            Assert.Contains($"MLFLOW_TRACKING_URI={server.Uri}", lines); // the address stays, without its user info
        }
    }
}
