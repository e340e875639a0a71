using Gvm.Orchestration.Launchers.Local;

namespace Gvm.Orchestration.Launchers;

/// <summary>The one place a launcher is chosen by name (local now; docker and slurm come in their own issues).</summary>
public static class RunLaunchers
{
    public static readonly IReadOnlyList<string> Names = ["local", "docker", "slurm"];

    public static IRunLauncher Create(string name, LocalLauncherOptions local) => name switch
    {
        "local" => new LocalLauncher(local),
        "docker" or "slurm" => throw new NotSupportedException($"the '{name}' launcher is not built yet; use --backend local"),
        _ => throw new ArgumentException($"unknown backend '{name}'; supported: {string.Join(", ", Names)}", nameof(name)),
    };
}
