using Microsoft.Extensions.Logging;

namespace Gvm.Orchestration.Launchers.Local;

/// <summary><c>local</c>: trainer processes on this host; no grid section, no options.</summary>
public sealed class LocalLauncherKind : PlainLauncherKind
{
    public override string Name => "local";

    protected override IRunLauncher Create(LocalLauncherOptions local, ILoggerFactory? loggers) => new LocalLauncher(local);
}
