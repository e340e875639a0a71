using Gvm.Core.Metrics;
using Gvm.Tracking.Mlflow;

namespace Gvm.Tracking.Stores;

/// <summary>
/// An <see cref="ITrackingStore"/> in memory with the SQL store's rules that matter to callers: batch limits,
/// write-once params (a different value is an error), last-write-wins tags, identical metric points dropped.
/// For tests of the tracker layer.
/// </summary>
public sealed class InMemoryTrackingStore : ITrackingStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, MlflowExperiment> _experiments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredRun> _runs = new(StringComparer.Ordinal);
    private int _nextExperiment = 1, _nextRun = 1;

    public string DisplayUri => "memory:";

    public int BatchCount { get; private set; }

    public sealed class StoredRun(MlflowRun run)
    {
        public MlflowRun Run { get; set; } = run;
        public Dictionary<string, string> Params { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);
        public List<MetricPoint> Metrics { get; } = [];
        public HashSet<MetricPoint> Seen { get; } = [];
        public Dictionary<string, string> Artifacts { get; } = new(StringComparer.Ordinal);
    }

    public IReadOnlyList<StoredRun> Runs { get { lock (_gate) return _runs.Values.ToList(); } }

    public StoredRun Run(string runId) { lock (_gate) return _runs[runId]; }

    public Task<MlflowExperiment> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_experiments.TryGetValue(name, out var e))
                _experiments[name] = e = new MlflowExperiment((_nextExperiment++).ToString(System.Globalization.CultureInfo.InvariantCulture), name, $"memory:/{name}", "active");
            return Task.FromResult(e);
        }
    }

    public Task<MlflowRun?> FindRunByTagAsync(string experimentId, string tagKey, string tagValue, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            return Task.FromResult(_runs.Values.Where(r => r.Run.ExperimentId == experimentId && r.Tags.GetValueOrDefault(tagKey) == tagValue)
                .Select(r => r.Run).FirstOrDefault());
    }

    public Task<MlflowRun> CreateRunAsync(string experimentId, string runName, long startTimeMs,
        IReadOnlyList<KeyValuePair<string, string>> tags, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var id = $"{_nextRun++:x32}";
            var run = new StoredRun(new MlflowRun(id, experimentId, runName, MlflowRunStatus.Running, startTimeMs, null,
                $"memory:/{experimentId}/{id}/artifacts", "active", new Dictionary<string, string>(), new Dictionary<string, string>()));
            foreach (var (k, v) in tags) run.Tags[k] = v;
            run.Tags["mlflow.runName"] = runName;
            _runs[id] = run;
            return Task.FromResult(run.Run);
        }
    }

    public Task LogBatchAsync(string runId, IReadOnlyList<MetricPoint> metrics, IReadOnlyList<KeyValuePair<string, string>> parameters,
        IReadOnlyList<KeyValuePair<string, string>> tags, CancellationToken cancellationToken = default)
    {
        if (metrics.Count > 1000 || parameters.Count > 100 || tags.Count > 100 || metrics.Count + parameters.Count + tags.Count > 1000)
            throw new MlflowException("runs/log-batch", 400, "INVALID_PARAMETER_VALUE", "batch over the limits");
        lock (_gate)
        {
            var run = _runs.TryGetValue(runId, out var r) ? r : throw new MlflowException("runs/log-batch", 404, "RESOURCE_DOES_NOT_EXIST", $"Run with id={runId} not found");
            foreach (var (k, v) in parameters)
                if (run.Params.TryGetValue(k, out var old) && old != v)
                    throw new MlflowException("runs/log-batch", 400, "INVALID_PARAMETER_VALUE", $"Changing param values is not allowed. Param with key='{k}' was already logged with value='{old}'");
            BatchCount++;
            foreach (var (k, v) in parameters) run.Params[k] = v;
            foreach (var m in metrics) if (run.Seen.Add(m)) run.Metrics.Add(m);
            foreach (var (k, v) in tags) run.Tags[k] = v;
        }
        return Task.CompletedTask;
    }

    public Task UpdateRunAsync(string runId, MlflowRunStatus status, long? endTimeMs, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var run = _runs[runId];
            run.Run = run.Run with { Status = status, EndTime = endTimeMs ?? run.Run.EndTime };
        }
        return Task.CompletedTask;
    }

    public int ArtifactUploads { get; private set; }

    public Task<bool> LogArtifactAsync(string runId, string artifactUri, string relativePath, string localFile, CancellationToken cancellationToken = default)
    {
        var text = File.ReadAllText(localFile);
        lock (_gate)
        {
            _runs[runId].Artifacts[relativePath] = text;
            ArtifactUploads++;
        }
        return Task.FromResult(true);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
