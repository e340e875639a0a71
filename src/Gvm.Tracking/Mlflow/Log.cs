using Microsoft.Extensions.Logging;

namespace Gvm.Tracking.Mlflow;

/// <summary>Log messages of the MLflow client. URLs are logged without query strings (they may carry names).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning,
        Message = "MLflow {Method} {Endpoint} failed with {Status} (attempt {Attempt} of {Attempts}); retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string method, string endpoint, int status, int attempt, int attempts, long delayMs);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "MLflow experiment '{Name}' was created concurrently; using {ExperimentId}")]
    public static partial void ExperimentRace(ILogger logger, string name, string experimentId);
}
