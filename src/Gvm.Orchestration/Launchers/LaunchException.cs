namespace Gvm.Orchestration.Launchers;

/// <summary>A launcher could not start or follow an attempt of <see cref="RunId"/>.</summary>
public sealed class LaunchException(string runId, string message, Exception? inner = null)
    : Exception($"run {runId}: {message}", inner)
{
    public string RunId { get; } = runId;
}
