using Gvm.Core.Metrics;
using Gvm.Tracking.Mlflow;

namespace Gvm.Tracking.Stores;

/// <summary>
/// The persistence seam under <see cref="Tracking.ExperimentTracker"/> (house style 12): MLflow's store primitives,
/// with <see cref="LogBatchAsync"/> the one write path for metrics, params and tags. Implemented by
/// <see cref="MlflowRestStore"/> and <see cref="InMemoryTrackingStore"/>; chosen by URI in <see cref="TrackingStores"/>.
/// </summary>
public interface ITrackingStore : IAsyncDisposable
{
    /// <summary>The store's URI without credentials (names the push cursor).</summary>
    string DisplayUri { get; }

    Task<MlflowExperiment> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The active run of an experiment whose tag <paramref name="tagKey"/> equals <paramref name="tagValue"/>, if any.</summary>
    Task<MlflowRun?> FindRunByTagAsync(string experimentId, string tagKey, string tagValue, CancellationToken cancellationToken = default);

    Task<MlflowRun> CreateRunAsync(string experimentId, string runName, long startTimeMs,
        IReadOnlyList<KeyValuePair<string, string>> tags, CancellationToken cancellationToken = default);

    /// <summary>One batch within the server limits (the tracker chunks).</summary>
    Task LogBatchAsync(string runId, IReadOnlyList<MetricPoint> metrics, IReadOnlyList<KeyValuePair<string, string>> parameters,
        IReadOnlyList<KeyValuePair<string, string>> tags, CancellationToken cancellationToken = default);

    Task UpdateRunAsync(string runId, MlflowRunStatus status, long? endTimeMs, CancellationToken cancellationToken = default);

    /// <summary>
    /// Uploads a file as the artifact <paramref name="relativePath"/> of the run with <paramref name="artifactUri"/>
    /// (its <see cref="MlflowRun.ArtifactUri"/>); false, sending nothing, when this store cannot hold its artifacts.
    /// Uploading the same path again replaces the file.
    /// </summary>
    Task<bool> LogArtifactAsync(string runId, string artifactUri, string relativePath, string localFile, CancellationToken cancellationToken = default);
}
