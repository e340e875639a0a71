using Gvm.Core.Metrics;
using Gvm.Tracking.Mlflow;

namespace Gvm.Tracking.Stores;

/// <summary><see cref="ITrackingStore"/> over an MLflow tracking server's REST API.</summary>
public sealed class MlflowRestStore(MlflowRestClient client, bool ownsClient = true) : ITrackingStore
{
    public MlflowRestClient Client { get; } = client;

    public string DisplayUri => DisplayUriOf(Client.Options.TrackingUri);

    /// <summary>The tracking URI without credentials, query or fragment: what may be shown, journaled or hashed.</summary>
    public static string DisplayUriOf(Uri trackingUri) => TrackingUriText.Redact(trackingUri);

    public Task<MlflowExperiment> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default) =>
        Client.GetOrCreateExperimentAsync(name, cancellationToken);

    public async Task<MlflowRun?> FindRunByTagAsync(string experimentId, string tagKey, string tagValue, CancellationToken cancellationToken = default)
    {
        if (tagValue.Contains('\'') || tagKey.Contains('`'))
            throw new ArgumentException($"tag '{tagKey}' = '{tagValue}' cannot be written in an MLflow search filter");
        // Backticks keep the dotted key whole (spec §2.3); active runs only, so a run deleted in the UI is recreated.
        var page = await Client.SearchRunsAsync([experimentId], $"tags.`{tagKey}` = '{tagValue}'", "ACTIVE_ONLY", 10,
            ["attributes.start_time ASC"], null, cancellationToken).ConfigureAwait(false);
        return page.Runs.Count > 0 ? page.Runs[0] : null;
    }

    public Task<MlflowRun> CreateRunAsync(string experimentId, string runName, long startTimeMs,
        IReadOnlyList<KeyValuePair<string, string>> tags, CancellationToken cancellationToken = default) =>
        Client.CreateRunAsync(experimentId, runName, startTimeMs, tags, cancellationToken);

    public Task LogBatchAsync(string runId, IReadOnlyList<MetricPoint> metrics, IReadOnlyList<KeyValuePair<string, string>> parameters,
        IReadOnlyList<KeyValuePair<string, string>> tags, CancellationToken cancellationToken = default) =>
        Client.LogBatchAsync(runId, metrics, parameters, tags, cancellationToken);

    public Task UpdateRunAsync(string runId, MlflowRunStatus status, long? endTimeMs, CancellationToken cancellationToken = default) =>
        Client.UpdateRunAsync(runId, status, endTimeMs, null, cancellationToken);

    public Task<bool> LogArtifactAsync(string runId, string artifactUri, string relativePath, string localFile, CancellationToken cancellationToken = default) =>
        Client.UploadArtifactAsync(artifactUri, relativePath, localFile, cancellationToken);

    public ValueTask DisposeAsync() => ownsClient ? Client.DisposeAsync() : ValueTask.CompletedTask;
}
