namespace Gvm.Orchestration.Launchers;

/// <summary>
/// Starts trainer runs somewhere (local process, container, Slurm job) and follows them. One interface for all
/// backends; the scheduler owns slot assignment, retries and the ledger.
/// </summary>
public interface IRunLauncher : IAsyncDisposable
{
    /// <summary>"local", "docker" or "slurm".</summary>
    string Name { get; }

    /// <summary>Starts one attempt of a run and returns its handle (pid, container id, job id) to record in the ledger.</summary>
    Task<LaunchHandle> SubmitAsync(LaunchRequest request, CancellationToken cancellationToken = default);

    /// <summary>After an orchestrator restart: finds the attempt still alive (by recorded handle or labels), or null.</summary>
    Task<LaunchHandle?> AttachAsync(LaunchRequest request, string? recordedHandle, CancellationToken cancellationToken = default);

    /// <summary>Waits until the attempt ends and reports how.</summary>
    Task<LaunchOutcome> WaitAsync(LaunchHandle handle, CancellationToken cancellationToken = default);

    /// <summary>Asks the attempt to stop gracefully (SIGTERM: the trainer checkpoints), then forcibly after <paramref name="grace"/>.</summary>
    Task CancelAsync(LaunchHandle handle, TimeSpan grace, CancellationToken cancellationToken = default);

    /// <summary>
    /// The attempt's output: every backend writes the trainer's stdout and stderr to these files in the run directory
    /// (local: redirected; docker: the container's log stream, re-attached after a restart; Slurm: --output/--error).
    /// They are appended to across attempts.
    /// </summary>
    RunLogs Logs(LaunchRequest request) =>
        new(Path.Combine(request.RunDir, Gvm.Core.Runs.RunFiles.Stdout), Path.Combine(request.RunDir, Gvm.Core.Runs.RunFiles.Stderr));

    /// <summary>
    /// True when the backend holds a submitted attempt until the attempts in <see cref="LaunchRequest.After"/> succeed,
    /// so the scheduler may submit a run before its needs finish (a sweep can be submitted and left running).
    /// </summary>
    bool QueuesDependencies => false;

    /// <summary>
    /// True when the backend enforces <see cref="LaunchRequest.Timeout"/> on run time itself (Slurm <c>--time</c>),
    /// so the scheduler must not count time spent waiting in the backend's queue against it.
    /// </summary>
    bool EnforcesTimeLimit => false;
}

/// <summary>Everything a launcher needs to start one attempt of a run.</summary>
public sealed record LaunchRequest
{
    public required string SweepId { get; init; }
    public required string RunId { get; init; }
    public required int Attempt { get; init; }
    /// <summary>The run directory (absolute); the spec is <c>spec.json</c> inside it.</summary>
    public required string RunDir { get; init; }
    /// <summary>GPU device ids of the slot (empty on CPU).</summary>
    public IReadOnlyList<int> Gpus { get; init; } = [];
    public int Cpus { get; init; } = 1;
    public int MemoryMb { get; init; }
    public TimeSpan? Timeout { get; init; }
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    /// <summary>Directories the trainer reads (data, checkpoints of earlier stages); containers bind-mount them.</summary>
    public IReadOnlyList<string> ReadOnlyPaths { get; init; } = [];
    /// <summary>
    /// Handles of attempts (of needed runs) that must succeed before this one starts. Only launchers with a queue
    /// (<see cref="IRunLauncher.QueuesDependencies"/>, e.g. Slurm's <c>--dependency=afterok</c>) accept a non-empty list.
    /// </summary>
    public IReadOnlyList<string> After { get; init; } = [];
}

/// <summary>Paths of a run's log files (see <see cref="IRunLauncher.Logs"/>).</summary>
public sealed record RunLogs(string Stdout, string Stderr);

/// <summary>A launched attempt: <see cref="Id"/> is what the ledger records (pid, container id, Slurm job id).</summary>
public sealed record LaunchHandle(string Launcher, string Id, string RunId, int Attempt);

/// <summary>How an attempt ended.</summary>
public sealed record LaunchOutcome
{
    public required LaunchEnd End { get; init; }
    public int? ExitCode { get; init; }
    public string? Message { get; init; }
}

public enum LaunchEnd
{
    Succeeded,
    Failed,
    Cancelled,
    TimedOut,
    OutOfMemory,
    /// <summary>The launcher lost track of the attempt (node failure, container vanished).</summary>
    Lost,
    /// <summary>The attempt never started: an attempt in <see cref="LaunchRequest.After"/> did not succeed.</summary>
    DependencyFailed,
}
