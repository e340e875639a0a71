namespace Gvm.Orchestration.Launchers;

/// <summary>A launcher could not start or follow an attempt of <see cref="RunId"/>.</summary>
public sealed class LaunchException(string runId, string message, Exception? inner = null)
    : Exception($"run {runId}: {message}", inner)
{
    public string RunId { get; } = runId;
}

/// <summary>
/// A launcher's backend (a cluster's commands, an engine) failed for good; the CLI exits 1 with the message. Each
/// launcher's own failure type derives from it (<see cref="Slurm.SlurmException"/>).
/// </summary>
public abstract class LauncherBackendException(string message, Exception? inner = null) : Exception(message, inner);
