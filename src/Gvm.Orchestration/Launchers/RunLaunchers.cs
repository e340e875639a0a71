using Gvm.Core.IO;
using Gvm.Orchestration.Launchers.Docker;
using Gvm.Orchestration.Launchers.Local;
using Gvm.Orchestration.Launchers.Slurm;
using Microsoft.Extensions.Logging;

namespace Gvm.Orchestration.Launchers;

/// <summary>The one place a launcher is chosen by name: local, docker or slurm.</summary>
public static class RunLaunchers
{
    public static readonly IReadOnlyList<string> Names = ["local", "docker", "slurm"];

    /// <param name="slurm">Options of the slurm launcher; null = defaults with the local trainer command.</param>
    /// <param name="loggers">Where the engine client's warnings go (docker); null = nowhere.</param>
    public static IRunLauncher Create(string name, LocalLauncherOptions local, SlurmLauncherOptions? slurm = null, ILoggerFactory? loggers = null) => name switch
    {
        "local" => new LocalLauncher(local),
        "docker" => new DockerLauncher(DockerLauncherOptions.FromEnvironment(
            RepoPaths.FindRepoRoot(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory(), Directory.GetCurrentDirectory(), RepoPaths.FindShared()),
            loggers?.CreateLogger<DockerLauncher>()),
        "slurm" => new SlurmLauncher(slurm ?? new SlurmLauncherOptions { Trainer = local.Trainer }),
        _ => throw new ArgumentException($"unknown backend '{name}'; supported: {string.Join(", ", Names)}", nameof(name)),
    };
}
