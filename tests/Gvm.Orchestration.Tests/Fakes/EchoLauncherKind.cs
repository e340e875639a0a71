using Gvm.Orchestration.Launchers;
using Gvm.Orchestration.Launchers.Local;
using Microsoft.Extensions.Logging;

namespace Gvm.Orchestration.Tests.Fakes;

/// <summary>
/// A launcher that exists only in the tests, registered beside the shipped ones (<see cref="RunLaunchers.With"/>):
/// grid section <c>backend.echo { greeting, loud }</c>, option <c>--echo-greeting</c>; it runs the local launcher under
/// its own name and says its merged greeting as a sweep warning. It is what docs/orchestration.md "Adding a launcher"
/// describes, in one file.
/// </summary>
public sealed class EchoLauncherKind : LauncherKind<EchoSettings>
{
    public static readonly RunLaunchers Registry = RunLaunchers.Shipped.With(new EchoLauncherKind());

    public override string Name => "echo";

    public override bool HasSection => true;

    public override IReadOnlyList<LauncherOption> Options { get; } =
    [
        Text("--echo-greeting", "What the launcher says", (s, v) => s with { Greeting = v }),
        Switch("--echo-loud", "Say it in capitals", (s, v) => s with { Loud = v }),
    ];

    protected override EchoSettings Parse(ILauncherSection section)
    {
        var s = new EchoSettings();
        foreach (var e in section.Entries(["greeting", "loud"]))
        {
            s = e.Key == "greeting"
                ? s with { Greeting = e.Read(() => e.Text() is { Length: > 0 } g ? g : throw new ArgumentException("a greeting cannot be empty")) }
                : s with { Loud = e.Flag() };
        }
        return s;
    }

    protected override ILauncherSetup Prepare(EchoSettings section, EchoSettings overrides, TrainerCommand trainer)
    {
        var greeting = overrides.Greeting ?? section.Greeting ?? "hello";
        return new Setup(overrides.Loud ?? section.Loud ?? false ? greeting.ToUpperInvariant() : greeting);
    }

    private sealed class Setup(string greeting) : ILauncherSetup
    {
        public string? Warning(string sweepDir) => $"echo says {greeting}";

        public IRunLauncher Create(LocalLauncherOptions local, ILoggerFactory? loggers) => new EchoLauncher(new LocalLauncher(local));
    }

    /// <summary>The local launcher under the name "echo" (the ledger records it).</summary>
    private sealed class EchoLauncher(LocalLauncher inner) : IRunLauncher
    {
        public string Name => "echo";

        public Task<LaunchHandle> SubmitAsync(LaunchRequest request, CancellationToken cancellationToken = default) =>
            inner.SubmitAsync(request, cancellationToken);

        public Task<LaunchHandle?> AttachAsync(LaunchRequest request, string? recordedHandle, CancellationToken cancellationToken = default) =>
            inner.AttachAsync(request, recordedHandle, cancellationToken);

        public Task<LaunchOutcome> WaitAsync(LaunchHandle handle, CancellationToken cancellationToken = default) =>
            inner.WaitAsync(handle, cancellationToken);

        public Task CancelAsync(LaunchHandle handle, TimeSpan grace, CancellationToken cancellationToken = default) =>
            inner.CancelAsync(handle, grace, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

public sealed record EchoSettings : LauncherSettings
{
    public string? Greeting { get; init; }
    public bool? Loud { get; init; }
}
