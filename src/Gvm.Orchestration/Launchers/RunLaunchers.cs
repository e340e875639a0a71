using Gvm.Orchestration.Launchers.Local;
using Gvm.Orchestration.Launchers.Slurm;

namespace Gvm.Orchestration.Launchers;

/// <summary>The one place a launcher is chosen by name (local, slurm; docker comes in its own issue).</summary>
public static class RunLaunchers
{
    public static readonly IReadOnlyList<string> Names = ["local", "docker", "slurm"];

    /// <param name="slurm">Options of the slurm launcher; null = defaults with the local trainer command.</param>
    public static IRunLauncher Create(string name, LocalLauncherOptions local, SlurmLauncherOptions? slurm = null) => name switch
    {
        "local" => new LocalLauncher(local),
        "slurm" => new SlurmLauncher(slurm ?? new SlurmLauncherOptions { Trainer = local.Trainer }),
        "docker" => throw new NotSupportedException($"the '{name}' launcher is not built yet; use --backend local"),
        _ => throw new ArgumentException($"unknown backend '{name}'; supported: {string.Join(", ", Names)}", nameof(name)),
    };
}
