using Microsoft.Extensions.Logging;

namespace Gvm.Tracking.Journal;

internal static partial class Log
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning,
        Message = "Tracking server {Uri} not reachable; metrics stay in the journal ({Error}). Next try in {DelaySeconds} s (0: none, the tracker is closing); 'gvm mlflow push' replays them later")]
    public static partial void ForwardFailed(ILogger logger, string uri, string error, double delaySeconds);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Debug, Message = "Forwarded {Points} metric points in {Batches} batches to {Uri}")]
    public static partial void Forwarded(ILogger logger, long points, int batches, string uri);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "Tracking: final forward to {Uri} did not finish within {Seconds} s; run 'gvm mlflow push' for the rest")]
    public static partial void DrainTimedOut(ILogger logger, string uri, double seconds);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Warning, Message = "Tracking: {File}:{Line} is not a journal record and was skipped ({Error})")]
    public static partial void BadLineSkipped(ILogger logger, string file, long line, string error);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Warning, Message = "Tracking: artifact file {Path} no longer exists; not uploaded")]
    public static partial void ArtifactMissing(ILogger logger, string path);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Warning,
        Message = "Tracking server {Uri} does not proxy artifacts (artifact URI {ArtifactUri}); run files stay in the sweep directory ('gvm mlflow export' copies them into an mlruns tree)")]
    public static partial void NoArtifactProxy(ILogger logger, string uri, string artifactUri);
}
