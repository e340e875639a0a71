using System.Diagnostics;
using Docker.DotNet;
using Gvm.Core.IO;

namespace Gvm.Orchestration.Tests.Launchers.Docker;

/// <summary>
/// A private Docker engine for the tests: installs docker.io and debootstrap when missing, starts dockerd with its own
/// data root, exec root, pid file and socket under a temp dir (no iptables, no bridge; overlay2, else vfs), builds
/// the offline trixie base (tarball cached in /var/cache/gvm) and the trainer image from the real CPU recipe with a
/// fake `gvm` (DockerRealTrainerTests builds one with the real trainer), and stops dockerd (SIGTERM) at the end.
/// </summary>
public sealed class DockerEngineFixture : IAsyncLifetime
{
    public const string BaseTag = "gvm-base:test";
    public const string TrainerTag = "gvm-trainer:test";

    private readonly string _dir = Path.Combine("/tmp", $"gvm-dockerd-{Guid.NewGuid().ToString("N")[..8]}");
    private Process? _dockerd;

    public Uri Endpoint => new($"unix://{Path.Combine(_dir, "docker.sock")}");
    public string RepoRoot { get; } = RepoPaths.FindRepoRoot() ?? throw new DirectoryNotFoundException("GvmExperiments.sln not found above the test directory");
    public string StorageDriver { get; private set; } = "overlay2";
    /// <summary>What the set-up did, with timings (printed by the tests on failure).</summary>
    public List<string> Log { get; } = [];

    /// <summary>Why no engine can be had here, or null when the fixture can provide one.</summary>
    public static string? ImpossibleReason()
    {
        if (!OperatingSystem.IsLinux()) return "docker engine tests need Linux";
        if (Gvm.Orchestration.Launchers.Docker.DockerLauncherOptions.CurrentUser() is not { } user || !user.StartsWith("0:", StringComparison.Ordinal)) return "docker engine tests start a private dockerd, which needs root";
        var have = Which("dockerd") is not null && Which("debootstrap") is not null;
        if (!have && Which("apt-get") is null) return "dockerd/debootstrap are missing and there is no apt-get to install them";
        return null;
    }

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        if (Which("dockerd") is null || Which("debootstrap") is null || Which("docker") is null)
        {
            await AptPackages.InstallAsync(["docker.io", "debootstrap"]);
            Log.Add($"installed docker.io and debootstrap ({clock.Elapsed.TotalSeconds:0.0} s)");
        }
        Directory.CreateDirectory(_dir);
        if (!await StartDockerdAsync("overlay2"))
        {
            Log.Add("overlay2 failed; falling back to vfs");
            if (!await StartDockerdAsync("vfs"))
                throw new InvalidOperationException("dockerd did not start with overlay2 or vfs:\n" + Tail(Path.Combine(_dir, "dockerd.log")));
        }
        Log.Add($"dockerd up with {StorageDriver} at {Endpoint} ({clock.Elapsed.TotalSeconds:0.0} s)");

        var images = Path.Combine(RepoRoot, "build", "images");
        await RunAsync(Path.Combine(images, "offline-base.sh"), [BaseTag], TimeSpan.FromMinutes(6));
        Log.Add($"offline base {BaseTag} ({clock.Elapsed.TotalSeconds:0.0} s)");

        var context = Path.Combine(_dir, "context");
        Directory.CreateDirectory(Path.Combine(context, "publish"));
        File.Copy(Path.Combine(images, "check-glibcxx.sh"), Path.Combine(context, "check-glibcxx.sh"));
        File.Copy(Path.Combine(RepoRoot, "tests", "Gvm.Orchestration.Tests", "Launchers", "Docker", "image", "gvm"), Path.Combine(context, "publish", "gvm"));
        await RunAsync("docker", ["build", "-q", "--network=none", "--build-arg", $"BASE={BaseTag}", "-t", TrainerTag,
            "-f", Path.Combine(images, "cpu", "Dockerfile"), context], TimeSpan.FromMinutes(3), ("DOCKER_BUILDKIT", "0"));
        Log.Add($"trainer image {TrainerTag} ({clock.Elapsed.TotalSeconds:0.0} s)");
    }

    public async Task DisposeAsync()
    {
        // SIGTERM: dockerd stops its containers and its containerd cleanly (SIGKILL would leave containerd behind).
        if (_dockerd is not null) await StopAsync(_dockerd);
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { } // a busy overlay mount point; the OS cleans /tmp
        catch (UnauthorizedAccessException) { }
    }

    public DockerClient Client() => new DockerClientBuilder().WithEndpoint(Endpoint).Build();

    /// <summary>Runs a program with DOCKER_HOST pointing at the private engine; throws with its output on failure.</summary>
    public async Task<string> RunAsync(string program, IEnumerable<string> args, TimeSpan timeout, params (string Key, string Value)[] env)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOCKER_HOST"] = Endpoint.ToString();
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(" ", psi.ArgumentList)} ran over {timeout.TotalSeconds} s");
        }
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(" ", psi.ArgumentList)} exited {p.ExitCode}:\n{await stdout}\n{await stderr}");
        return await stdout;
    }

    private async Task<bool> StartDockerdAsync(string driver)
    {
        StorageDriver = driver;
        // dockerd 20.10 logs to stderr: a shell redirects it to dockerd.log and execs, so the pid is dockerd's.
        var shell = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var a in new[]
                 {
                     "-c", "exec dockerd \"$@\" >>\"$GVM_DOCKERD_LOG\" 2>&1", "dockerd",
                     "--iptables=false", "--ip-masq=false", "--bridge=none", $"--storage-driver={driver}",
                     "--data-root", Path.Combine(_dir, "data"), "--exec-root", Path.Combine(_dir, "exec"),
                     "--pidfile", Path.Combine(_dir, "docker.pid"), "-H", Endpoint.ToString(),
                 })
        {
            shell.ArgumentList.Add(a);
        }
        shell.Environment["GVM_DOCKERD_LOG"] = Path.Combine(_dir, "dockerd.log");
        _dockerd = Process.Start(shell)!;

        using var client = Client();
        for (var i = 0; i < 100; i++)
        {
            if (_dockerd.HasExited) break;
            try
            {
                await client.System.PingAsync();
                return true;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException or DockerApiException)
            {
                await Task.Delay(200);
            }
        }
        await StopAsync(_dockerd);
        _dockerd = null;
        return false;
    }

    private static async Task StopAsync(Process dockerd)
    {
        if (!dockerd.HasExited) Signal(dockerd.Id, 15);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try { await dockerd.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { dockerd.Kill(entireProcessTree: true); }
        dockerd.Dispose();
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Signal(int pid, int sig);

    private static string Tail(string path) => File.Exists(path) ? string.Join("\n", File.ReadLines(path).TakeLast(15)) : "(no log)";

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':')
            .Concat(["/usr/sbin", "/sbin"]).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
