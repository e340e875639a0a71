using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Gvm.Core.Runs;
using Gvm.Orchestration.Metrics;

namespace Gvm.Orchestration.Launchers.Local;

public sealed record LocalLauncherOptions
{
    public required TrainerCommand Trainer { get; init; }
    /// <summary>A live attempt whose status.json heartbeat (or launch.pid, at start-up) is older than this is not re-attached.</summary>
    public TimeSpan HeartbeatStale { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>How often a re-attached attempt (not our child) is polled for exit.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    public LocalLauncherOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HeartbeatStale, TimeSpan.Zero, nameof(HeartbeatStale));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
        return this;
    }
}

/// <summary>
/// Runs each attempt as a child process in its own session (<c>setsid</c>), so it survives the orchestrator being
/// killed and can be signalled as a group. A tiny <c>sh</c> wrapper records the pid in RUN_DIR/launch.pid and then
/// <c>exec</c>s the trainer with stdout/stderr appended to RUN_DIR/stdout.log and stderr.log: the pid is the
/// trainer's own, and no pipe ties the trainer to the orchestrator.
/// </summary>
public sealed class LocalLauncher(LocalLauncherOptions options) : IRunLauncher
{
    public const string PidFile = "launch.pid";
    private const string Wrapper = "echo $$ > \"$GVM_PID_FILE\"; exec \"$@\" </dev/null >>\"$GVM_STDOUT\" 2>>\"$GVM_STDERR\"";
    private static readonly string? SetSid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    private readonly LocalLauncherOptions _options = options.Validate();
    private readonly ConcurrentDictionary<int, Process> _children = new();
    private readonly ConcurrentDictionary<int, bool> _cancelled = new();
    private readonly ConcurrentDictionary<int, string> _runDirs = new();

    public string Name => "local";

    public Task<LaunchHandle> SubmitAsync(LaunchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(request.RunDir);
        var psi = new ProcessStartInfo { UseShellExecute = false, WorkingDirectory = Directory.GetCurrentDirectory() };
        if (SetSid is not null)
        {
            psi.FileName = SetSid;
            psi.ArgumentList.Add("/bin/sh");
        }
        else
        {
            psi.FileName = "/bin/sh";
        }
        foreach (var a in new[] { "-c", Wrapper, "gvm-run", _options.Trainer.Program }) psi.ArgumentList.Add(a);
        foreach (var a in _options.Trainer.Arguments) psi.ArgumentList.Add(a);
        foreach (var a in new[] { "--spec", Path.Combine(request.RunDir, RunFiles.Spec), "--out", request.RunDir }) psi.ArgumentList.Add(a);

        psi.Environment["GVM_PID_FILE"] = Path.Combine(request.RunDir, PidFile);
        psi.Environment["GVM_STDOUT"] = Path.Combine(request.RunDir, RunFiles.Stdout);
        psi.Environment["GVM_STDERR"] = Path.Combine(request.RunDir, RunFiles.Stderr);
        psi.Environment["GVM_RUN_ID"] = request.RunId;
        psi.Environment["GVM_SWEEP_ID"] = request.SweepId;
        psi.Environment["GVM_ATTEMPT"] = request.Attempt.ToString(CultureInfo.InvariantCulture);
        if (request.Gpus.Count > 0) psi.Environment["CUDA_VISIBLE_DEVICES"] = string.Join(",", request.Gpus);
        foreach (var (k, v) in request.Environment) psi.Environment[k] = v;
        TrainerEnvironment.Scrub(psi.Environment); // no tracking credentials in the trainer (nor in /proc/PID/environ)

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new LaunchException(request.RunId, "the trainer process did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new LaunchException(request.RunId, $"cannot start '{psi.FileName}': {e.Message}", e);
        }
        _children[process.Id] = process;
        _runDirs[process.Id] = request.RunDir;
        return Task.FromResult(new LaunchHandle(Name, process.Id.ToString(CultureInfo.InvariantCulture), request.RunId, request.Attempt));
    }

    public Task<LaunchHandle?> AttachAsync(LaunchRequest request, string? recordedHandle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pidFile = Path.Combine(request.RunDir, PidFile);
        var pid = ParsePid(recordedHandle) ?? (File.Exists(pidFile) ? ParsePid(File.ReadAllText(pidFile).Trim()) : null);
        if (pid is not { } p || !PosixProcess.IsAlive(p)) return Task.FromResult<LaunchHandle?>(null);
        var cmdline = PosixProcess.CommandLine(p);
        if (cmdline is not null && !cmdline.Contains(request.RunDir, StringComparison.Ordinal))
            return Task.FromResult<LaunchHandle?>(null); // the pid was reused by an unrelated process

        var now = DateTimeOffset.UtcNow;
        var status = RunStatusFile.ReadStatus(request.RunDir);
        var beat = status?.Heartbeat is { } hb && (status.Pid == 0 || status.Pid == p) && now - hb < _options.HeartbeatStale;
        var starting = File.Exists(pidFile) && now - File.GetLastWriteTimeUtc(pidFile) < _options.HeartbeatStale;
        if (!beat && !starting) return KillStaleAsync(p, cancellationToken);

        _runDirs[p] = request.RunDir;
        return Task.FromResult<LaunchHandle?>(new LaunchHandle(Name, p.ToString(CultureInfo.InvariantCulture), request.RunId, request.Attempt));
    }

    public async Task<LaunchOutcome> WaitAsync(LaunchHandle handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var pid = ParsePid(handle.Id) ?? throw new LaunchException(handle.RunId, $"bad local handle '{handle.Id}'");
        int? exit = null;
        if (_children.TryGetValue(pid, out var child))
        {
            await child.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            exit = child.ExitCode;
            _children.TryRemove(pid, out _);
            child.Dispose();
        }
        else
        {
            while (PosixProcess.IsAlive(pid)) await Task.Delay(_options.PollInterval, cancellationToken).ConfigureAwait(false);
        }
        _runDirs.TryRemove(pid, out var runDir);
        var cancelled = _cancelled.TryRemove(pid, out _);
        var result = runDir is null ? null : RunStatusFile.ReadResultState(runDir);
        if (exit == ExitCodes.Success || (exit is null && result == "succeeded"))
            return new LaunchOutcome { End = LaunchEnd.Succeeded, ExitCode = exit };
        if (cancelled || exit is ExitCodes.Interrupted or 143)
            return new LaunchOutcome { End = LaunchEnd.Cancelled, ExitCode = exit, Message = "stopped on request" };
        var message = exit is null
            ? "the re-attached attempt ended without result.json"
            : exit == 137 ? "killed by SIGKILL (out of memory?)" : $"exit code {exit}";
        return new LaunchOutcome { End = LaunchEnd.Failed, ExitCode = exit, Message = message + StderrTail(runDir) };
    }

    public async Task CancelAsync(LaunchHandle handle, TimeSpan grace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var pid = ParsePid(handle.Id) ?? throw new LaunchException(handle.RunId, $"bad local handle '{handle.Id}'");
        _cancelled[pid] = true;
        await StopAsync(pid, grace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Child processes are left running on purpose: a restarted orchestrator re-attaches to them.</summary>
    public ValueTask DisposeAsync()
    {
        foreach (var p in _children.Values) p.Dispose();
        _children.Clear();
        return ValueTask.CompletedTask;
    }

    private async Task<LaunchHandle?> KillStaleAsync(int pid, CancellationToken cancellationToken)
    {
        await StopAsync(pid, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task StopAsync(int pid, TimeSpan grace, CancellationToken cancellationToken)
    {
        var group = SetSid is not null;
        PosixProcess.Signal(pid, PosixProcess.SigTerm, group);
        var deadline = DateTimeOffset.UtcNow + grace;
        while (PosixProcess.IsAlive(pid) && DateTimeOffset.UtcNow < deadline)
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        if (PosixProcess.IsAlive(pid)) PosixProcess.Signal(pid, PosixProcess.SigKill, group);
    }

    private static int? ParsePid(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;

    private static string StderrTail(string? runDir)
    {
        if (runDir is null) return "";
        var path = Path.Combine(runDir, RunFiles.Stderr);
        if (!File.Exists(path)) return "";
        var lines = File.ReadLines(path).TakeLast(3).ToArray();
        return lines.Length == 0 ? "" : "; stderr: " + string.Join(" | ", lines);
    }
}
