using Gvm.Tracking.Stores;

namespace Gvm.Tracking.Journal;

/// <summary><c>gvm mlflow push</c>: replays a sweep's journal to a tracking server, resuming from its cursor.</summary>
public static class MlflowPush
{
    public static async Task<ForwardResult> PushAsync(string sweepDir, string? trackingUri, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(JournalPaths.Sweep(sweepDir)) && JournalReader.RunFiles(sweepDir).Count == 0)
            throw new FileNotFoundException($"{JournalPaths.TrackingDir(sweepDir)}: no tracking journal (sweep.jsonl or runs/*.jsonl)");
        var uri = string.IsNullOrWhiteSpace(trackingUri) ? Environment.GetEnvironmentVariable(Mlflow.MlflowClientOptions.UriVariable) : trackingUri;
        if (TrackingStores.IsJournalOnly(uri))
            throw new ArgumentException("push needs an http(s) tracking server: pass --tracking-uri or set MLFLOW_TRACKING_URI");
        await using var store = TrackingStores.Create(uri)!;
        return await new JournalForwarder(sweepDir, store).ForwardAsync(cancellationToken).ConfigureAwait(false);
    }
}
