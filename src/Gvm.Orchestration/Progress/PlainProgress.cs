using Gvm.Orchestration.Ledger;

using System.Globalization;

namespace Gvm.Orchestration.Progress;

/// <summary>One line per event (state changes and messages); ticks are dropped. For CI logs and redirected output.</summary>
public sealed class PlainProgress(TextWriter output) : ISweepProgress
{
    private readonly Lock _gate = new();

    public void Update(RunView run, string? @event)
    {
        if (@event is null) return;
        var acc = run.Accuracy is { } a ? string.Create(CultureInfo.InvariantCulture, $" acc={a:0.000}") : "";
        var step = run.TotalSteps > 0 ? $" step {run.Step}/{run.TotalSteps}" : "";
        Write($"{run.State.ToName(),-9} {run.Name} [{run.RunId}] attempt {run.Attempt}{step}{acc}: {@event}");
    }

    public void Message(string text) => Write(text);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void Write(string line)
    {
        lock (_gate) output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {line}");
    }
}
