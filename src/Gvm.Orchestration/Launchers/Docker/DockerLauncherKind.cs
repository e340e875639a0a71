using Gvm.Core.IO;
using Gvm.Orchestration.Launchers.Local;
using Microsoft.Extensions.Logging;

namespace Gvm.Orchestration.Launchers.Docker;

/// <summary>
/// <c>docker</c>: one container per attempt; no grid section, no options (the image and the rest come from the
/// environment, <see cref="DockerLauncherOptions.FromEnvironment"/>, read when the launcher is created).
/// </summary>
public sealed class DockerLauncherKind : PlainLauncherKind
{
    public override string Name => "docker";

    protected override IRunLauncher Create(LocalLauncherOptions local, ILoggerFactory? loggers)
    {
        var cwd = Directory.GetCurrentDirectory();
        var options = DockerLauncherOptions.FromEnvironment(RepoPaths.FindRepoRoot(cwd) ?? cwd, cwd, RepoPaths.FindShared());
        return new DockerLauncher(options, loggers?.CreateLogger<DockerLauncher>());
    }
}
