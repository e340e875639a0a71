using System.Runtime.InteropServices;

namespace Gvm.Orchestration.Sweeps;

/// <summary>
/// Turns SIGINT (Ctrl-C) and SIGTERM into a cancellation of the sweep instead of process termination, so the
/// scheduler can stop every trainer gracefully and record it as cancelled. A second signal is left to the runtime.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly PosixSignalRegistration[] _registrations;

    public StopSignals(CancellationToken outer)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public CancellationToken Token => _cts.Token;

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _cts.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        if (_cts.IsCancellationRequested) return; // second signal: default behaviour (terminate now)
        context.Cancel = true;
        _cts.Cancel();
    }
}
