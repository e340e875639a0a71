using Gvm.Tracking.Mlflow;
using Gvm.Tracking.Stores;
using Microsoft.Extensions.Logging;

namespace Gvm.Tracking.Journal;

/// <summary><c>gvm mlflow push</c>: replays a sweep's journal to a tracking server, resuming from its cursor.</summary>
public static class MlflowPush
{
    /// <param name="sweepDir">The sweep directory.</param>
    /// <param name="target">The server (parsed once by the command line, <see cref="TrackingTarget.Resolve"/>).</param>
    /// <param name="maxRetries">Retries per request (default: MLFLOW_HTTP_REQUEST_MAX_RETRIES or 7, about 4 minutes of backoff).</param>
    /// <param name="loggers">Where retry and artifact warnings go; null = nowhere.</param>
    /// <param name="cancellationToken">Stops the push; what was sent stays recorded.</param>
    /// <param name="skipBadLines">Skip journal lines that are not records (each is logged); else the push stops at the first.</param>
    public static async Task<ForwardResult> PushAsync(string sweepDir, TrackingTarget target, int? maxRetries = null, ILoggerFactory? loggers = null,
        CancellationToken cancellationToken = default, bool skipBadLines = false)
    {
        if (!File.Exists(JournalPaths.Sweep(sweepDir)) && JournalReader.RunFiles(sweepDir).Count == 0)
            throw new FileNotFoundException($"{JournalPaths.TrackingDir(sweepDir)}: no tracking journal (sweep.jsonl or runs/*.jsonl)");
        if (target.Kind != TrackingTargetKind.Mlflow)
            throw new ArgumentException("push needs an http(s) tracking server: pass --tracking-uri or set MLFLOW_TRACKING_URI");
        var options = MlflowClientOptions.FromEnvironment(target.Uri!);
        if (maxRetries is { } n) options = options with { MaxRetries = n };
        await using var store = new MlflowRestStore(new MlflowRestClient(options.Validate(), loggers?.CreateLogger<MlflowRestClient>()));
        return await new JournalForwarder(sweepDir, store, loggers?.CreateLogger<JournalForwarder>(), skipBadLines).ForwardAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The MLflow UI address of the sweep's parent run on the server of <paramref name="target"/>, <c>&lt;uri&gt;/#/experiments/&lt;id&gt;/runs/&lt;run_id&gt;</c>, once forwarding has created
    /// that run; null without an http(s) server or before the run exists there.
    /// </summary>
    public static string? ParentRunUrl(string sweepDir, TrackingTarget target)
    {
        if (target.Kind != TrackingTargetKind.Mlflow || !Uri.TryCreate(target.Uri, UriKind.Absolute, out var parsed)) return null;
        var display = MlflowRestStore.DisplayUriOf(parsed);
        var path = JournalPaths.PushState(sweepDir, display);
        if (!File.Exists(path)) return null;
        var state = PushState.Load(path, display);
        return state is { ExperimentId: { } experiment, ParentRunId: { } run }
            ? $"{display.TrimEnd('/')}/#/experiments/{Uri.EscapeDataString(experiment)}/runs/{Uri.EscapeDataString(run)}"
            : null;
    }
}
