using Microsoft.Extensions.Logging;

namespace Gvm.Orchestration.Launchers.Local;

/// <summary><c>local</c>: trainer processes on this host; no grid section, no options.</summary>
public sealed class LocalLauncherKind : LauncherKind<NoLauncherSettings>
{
    public override string Name => "local";

    protected override ILauncherSetup Prepare(NoLauncherSettings section, NoLauncherSettings overrides, TrainerCommand trainer) => new Setup();

    private sealed class Setup : ILauncherSetup
    {
        public IRunLauncher Create(LocalLauncherOptions local, ILoggerFactory? loggers) => new LocalLauncher(local);
    }
}
