using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Gvm.Orchestration.Launchers.Local;
using Gvm.Orchestration.Launchers.Slurm;

namespace Gvm.Orchestration.Tests.Launchers.Slurm;

[CollectionDefinition(Name)]
public sealed class SlurmCollection : ICollectionFixture<SlurmCluster>
{
    public const string Name = "slurm";
}

/// <summary>
/// A private single-node Slurm (22.05 on Debian 12) for the tests: installs <c>slurm-wlm munge</c> when missing
/// (root, apt), then starts munged, slurmctld and slurmd on free ports with every file under one temp directory
/// and two fake GPUs (<c>gres.conf</c> lines on /dev/null and /dev/zero: Slurm refuses the same file twice, and
/// jobs still get CUDA_VISIBLE_DEVICES). No slurmdbd: <c>sacct -c</c> reads the jobcomp/filetxt log. Everything
/// is stopped and deleted at the end.
/// </summary>
public sealed class SlurmCluster : IAsyncLifetime
{
    public const int Gpus = 2;
    private static readonly string[] Daemons = ["slurmd", "slurmctld", "munged"];

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), $"gvm-slurm-{Guid.NewGuid():N}"[..22]);
    public string ConfigFile => Path.Combine(Dir, "etc", "slurm.conf");
    public int Cpus { get; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Launcher options against this cluster (fast polling for tests).</summary>
    public SlurmLauncherOptions Options(TrainerCommand trainer) => new()
    {
        Trainer = trainer, ConfigFile = ConfigFile, PollInterval = TimeSpan.FromMilliseconds(250), CommandTimeout = TimeSpan.FromSeconds(30),
    };

    public SlurmCli Cli => new(Options(new TrainerCommand("/bin/true", [])));

    public async Task InitializeAsync()
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the private Slurm cluster needs Linux");
        await EnsureInstalledAsync();
        foreach (var d in new[] { "etc", "state", "spool", "log", "run" }) Directory.CreateDirectory(Path.Combine(Dir, d));
        File.SetUnixFileMode(Dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var key = Path.Combine(Dir, "etc", "munge.key");
        File.WriteAllBytes(key, RandomNumberGenerator.GetBytes(1024));
        File.SetUnixFileMode(key, UnixFileMode.UserRead);
        File.WriteAllText(ConfigFile, SlurmConf(FreePort(), FreePort()));
        File.WriteAllText(Path.Combine(Dir, "etc", "gres.conf"), "Name=gpu File=/dev/null\nName=gpu File=/dev/zero\n");

        await StartAsync("munged", "--force", $"--socket={Socket}", $"--key-file={key}", $"--log-file={P("log/munged.log")}",
            $"--pid-file={P("run/munged.pid")}", $"--seed-file={P("run/munged.seed")}");
        await StartAsync("slurmctld", "-f", ConfigFile, "-i");
        await StartAsync("slurmd", "-f", ConfigFile, "-N", "localhost");
        await WaitIdleAsync(TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        var cli = Cli;
        var jobs = await cli.RunOnceAsync("squeue", ["--noheader", "-o", "%i"]);
        var ids = jobs.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length > 0) await cli.RunOnceAsync("scancel", ids);
        for (var i = 0; i < 40 && ids.Length > 0; i++)
        {
            var left = await cli.RunOnceAsync("squeue", ["--noheader", "-t", "PD,R,CG,CF,S", "-o", "%i"]);
            if (left.ExitCode != 0 || left.Stdout.Trim().Length == 0) break;
            await Task.Delay(250);
        }
        foreach (var daemon in Daemons) await StopAsync(P($"run/{daemon}.pid"));
        try { Directory.Delete(Dir, recursive: true); }
        catch (IOException) { } // a job's last write; the OS cleans temp
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>The jobs of one sweep (by the launcher's comment <c>gvm:&lt;sweep&gt;:&lt;run&gt;:&lt;attempt&gt;</c>), from squeue.</summary>
    public async Task<IReadOnlyList<(string RunId, string JobId, string State)>> SweepJobsAsync(string sweepId)
    {
        var r = await Cli.RunAsync("squeue", ["--noheader", "--states=all", "-O", "JobID:|,State:|,Comment:"]);
        var prefix = $"gvm:{sweepId}:";
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Trim().Split('|'))
            .Where(f => f.Length >= 3 && f[2].StartsWith(prefix, StringComparison.Ordinal))
            .Select(f => (f[2][prefix.Length..].Split(':')[0], f[0], f[1]))
            .ToList();
    }

    /// <summary>Slurm's view of the node plus the last log lines, for assertion messages.</summary>
    public string Diagnostics()
    {
        var text = "";
        foreach (var log in new[] { "log/slurmctld.log", "log/slurmd.log", "log/munged.log" })
        {
            var path = P(log);
            if (File.Exists(path)) text += $"--- {log}\n" + string.Join('\n', File.ReadLines(path).TakeLast(15)) + "\n";
        }
        return text;
    }

    private string Socket => P("run/munge.sock");

    private string P(string relative) => Path.Combine(Dir, relative);

    private string SlurmConf(int controllerPort, int nodePort)
    {
        var lines = new[]
        {
            "ClusterName=gvmtest",
            "SlurmctldHost=localhost",
            "SlurmUser=root",
            "SlurmdUser=root",
            $"SlurmctldPort={controllerPort}",
            $"SlurmdPort={nodePort}",
            "AuthType=auth/munge",
            "CredType=cred/munge",
            $"AuthInfo=socket={Socket}",
            $"StateSaveLocation={P("state")}",
            $"SlurmdSpoolDir={P("spool")}",
            $"SlurmctldPidFile={P("run/slurmctld.pid")}",
            $"SlurmdPidFile={P("run/slurmd.pid")}",
            $"SlurmctldLogFile={P("log/slurmctld.log")}",
            $"SlurmdLogFile={P("log/slurmd.log")}",
            // No cgroups: works in containers and on hosts without delegated cgroup v2.
            "ProctrackType=proctrack/linuxproc",
            "TaskPlugin=task/none",
            "JobAcctGatherType=jobacct_gather/none",
            "AccountingStorageType=accounting_storage/none",
            "JobCompType=jobcomp/filetxt",
            $"JobCompLoc={P("log/jobcomp.txt")}",
            "SchedulerType=sched/backfill",
            "SchedulerParameters=sched_interval=1",
            "SelectType=select/cons_tres",
            "SelectTypeParameters=CR_Core",
            "GresTypes=gpu",
            "ReturnToService=2",
            "MpiDefault=none",
            "SwitchType=switch/none",
            "KillWait=5",
            "MinJobAge=600",
            string.Create(CultureInfo.InvariantCulture,
                $"NodeName=localhost NodeAddr=127.0.0.1 CPUs={Cpus} RealMemory=1024 Gres=gpu:{Gpus} State=UNKNOWN"),
            "PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP",
        };
        return string.Join('\n', lines) + "\n";
    }

    private static async Task EnsureInstalledAsync()
    {
        if (new[] { "munged", "slurmctld", "slurmd", "sbatch" }.All(OnPath)) return;
        if (Environment.UserName != "root")
            throw new InvalidOperationException("Slurm is not installed and the tests are not root: apt-get install slurm-wlm munge");
        await AptPackages.InstallAsync(["slurm-wlm", "munge"], recommends: false);
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/usr/sbin").Split(':').Append("/usr/sbin")
            .Any(d => File.Exists(Path.Combine(d, program)));

    /// <summary>Starts a daemon that forks into the background and waits for its parent to return.</summary>
    private async Task StartAsync(string program, params string[] arguments)
    {
        var result = await RunAsync(program, arguments);
        if (result.Code != 0)
            throw new InvalidOperationException($"{program} did not start (exit code {result.Code}): {result.Output}\n{Diagnostics()}");
    }

    private async Task WaitIdleAsync(TimeSpan limit)
    {
        var cli = Cli;
        var deadline = DateTimeOffset.UtcNow + limit;
        var state = "";
        while (DateTimeOffset.UtcNow < deadline)
        {
            var r = await cli.RunOnceAsync("sinfo", ["--noheader", "-N", "-o", "%T"]);
            state = r.Stdout.Trim() + r.Stderr.Trim();
            if (r.ExitCode == 0 && state == "idle") return;
            await Task.Delay(200);
        }
        throw new InvalidOperationException($"the private Slurm node is not idle after {limit.TotalSeconds} s (state '{state}')\n{Diagnostics()}");
    }

    private static async Task StopAsync(string pidFile)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out var pid)) return;
        // Not our child (daemons fork), so poll; a zombie left for a non-reaping init counts as stopped.
        PosixProcess.Signal(pid, PosixProcess.SigTerm, group: false);
        for (var i = 0; i < 100 && PosixProcess.IsAlive(pid); i++) await Task.Delay(100);
        if (PosixProcess.IsAlive(pid)) PosixProcess.Signal(pid, PosixProcess.SigKill, group: false);
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var psi = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        // Daemons fork and keep no handle on these pipes (they reopen stdio on /dev/null), so reading to the end returns.
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, (await stdout) + (await stderr));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
