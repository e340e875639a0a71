using Gvm.Orchestration.Ledger;

namespace Gvm.Orchestration.Progress;

/// <summary>What the progress view shows of one run.</summary>
public sealed record RunView
{
    public required string RunId { get; init; }
    public required string Name { get; init; }
    public required string Stage { get; init; }
    public RunState State { get; init; }
    public int Attempt { get; init; }
    public int Step { get; init; }
    public int TotalSteps { get; init; }
    public double? Accuracy { get; init; }
    public TimeSpan? Eta { get; init; }
    public string? Detail { get; init; }
}

/// <summary>Receives scheduler events; <paramref name="event"/> is null for a progress tick (step, accuracy).</summary>
public interface ISweepProgress : IAsyncDisposable
{
    void Update(RunView run, string? @event);
    void Message(string text);
}
