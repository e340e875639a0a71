using Gvm.Tracking.Stores;

namespace Gvm.Tracking.Journal;

/// <summary><c>gvm mlflow push</c>: replays a sweep's journal to a tracking server, resuming from its cursor.</summary>
public static class MlflowPush
{
    /// <param name="sweepDir">The sweep directory.</param>
    /// <param name="trackingUri">Server URL; MLFLOW_TRACKING_URI when null.</param>
    /// <param name="maxRetries">Retries per request (default: MLFLOW_HTTP_REQUEST_MAX_RETRIES or 7, about 4 minutes of backoff).</param>
    /// <param name="cancellationToken">Stops the push; what was sent stays recorded.</param>
    public static async Task<ForwardResult> PushAsync(string sweepDir, string? trackingUri, int? maxRetries = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(JournalPaths.Sweep(sweepDir)) && JournalReader.RunFiles(sweepDir).Count == 0)
            throw new FileNotFoundException($"{JournalPaths.TrackingDir(sweepDir)}: no tracking journal (sweep.jsonl or runs/*.jsonl)");
        var uri = string.IsNullOrWhiteSpace(trackingUri) ? Environment.GetEnvironmentVariable(Mlflow.MlflowClientOptions.UriVariable) : trackingUri;
        if (TrackingStores.IsJournalOnly(uri))
            throw new ArgumentException("push needs an http(s) tracking server: pass --tracking-uri or set MLFLOW_TRACKING_URI");
        var options = Mlflow.MlflowClientOptions.FromEnvironment(uri);
        if (maxRetries is { } n) options = options with { MaxRetries = n };
        await using var store = new MlflowRestStore(new Mlflow.MlflowRestClient(options.Validate()));
        return await new JournalForwarder(sweepDir, store).ForwardAsync(cancellationToken).ConfigureAwait(false);
    }
}
