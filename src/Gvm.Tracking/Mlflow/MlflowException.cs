namespace Gvm.Tracking.Mlflow;

/// <summary>
/// A failed MLflow call: the HTTP status (0 when no response came back), the server's <c>error_code</c> and the
/// endpoint. <see cref="IsTransient"/> tells whether retrying can help (spec §9 "Retries").
/// </summary>
public sealed class MlflowException : Exception
{
    public MlflowException(string endpoint, int statusCode, string? errorCode, string message, Exception? inner = null)
        : base($"MLflow {endpoint}: {(statusCode == 0 ? "no response" : $"HTTP {statusCode}")}{(errorCode is null ? "" : $" {errorCode}")}: {message}", inner)
    {
        Endpoint = endpoint;
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    public string Endpoint { get; }

    /// <summary>HTTP status, or 0 for a connection failure or timeout.</summary>
    public int StatusCode { get; }

    /// <summary>MLflow's <c>error_code</c> (e.g. RESOURCE_ALREADY_EXISTS), when the body carried one.</summary>
    public string? ErrorCode { get; }

    public bool IsTransient => IsTransientStatus(StatusCode);

    /// <summary>Connection failures (0), 408, 429 and 5xx are retried; other 4xx never (MLflow request_utils).</summary>
    public static bool IsTransientStatus(int status) => status is 0 or 408 or 429 or 500 or 502 or 503 or 504;
}
