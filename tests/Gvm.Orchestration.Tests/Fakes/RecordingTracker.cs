using System.Collections.Concurrent;
using Gvm.Core.Metrics;
using Gvm.Core.Sweeps;
using Gvm.Tracking.Sweeps;

namespace Gvm.Orchestration.Tests.Fakes;

/// <summary>Records what the scheduler tells tracking.</summary>
public sealed class RecordingTracker : ISweepTracker
{
    public ConcurrentDictionary<string, int> Starts { get; } = new();
    public ConcurrentDictionary<string, ConcurrentQueue<MetricPoint>> Points { get; } = new();
    public ConcurrentQueue<(string RunId, string State)> Ends { get; } = new();

    public Task StartSweepAsync(SweepPlan plan, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task StartRunAsync(PlannedRun run, CancellationToken cancellationToken = default)
    {
        Starts.AddOrUpdate(run.RunId, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task LogMetricsAsync(string runId, IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default)
    {
        var q = Points.GetOrAdd(runId, _ => new ConcurrentQueue<MetricPoint>());
        foreach (var p in points) q.Enqueue(p);
        return Task.CompletedTask;
    }

    public Task EndRunAsync(string runId, string state, CancellationToken cancellationToken = default)
    {
        Ends.Enqueue((runId, state));
        return Task.CompletedTask;
    }

    public Task LogSweepArtifactsAsync(string directory, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public IReadOnlyList<long> Steps(string runId, string key) =>
        Points.TryGetValue(runId, out var q) ? q.Where(p => p.Key == key).Select(p => p.Step).ToList() : [];
}
