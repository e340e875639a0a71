using Gvm.Core.Inputs;

namespace Gvm.Tracking.Mlflow;

/// <summary>
/// The tracking URI answers, but not as an MLflow server: a success status with a body that is not MLflow's JSON (a
/// login page of an authenticating proxy, a web server's index). Bad input (the URI), not a transient failure: exit 2,
/// never retried. The message names the URI without credentials.
/// </summary>
public sealed class MlflowProtocolException(string displayUri, string endpoint, int statusCode, string contentType, Exception? inner = null)
    : InputException(null, 0, "--tracking-uri",
        $"{displayUri}: {endpoint} answered HTTP {statusCode} with {contentType} instead of MLflow's JSON; " +
        "is this an MLflow tracking server (not a login page or a proxy in front of one)?", inner)
{
    public string Endpoint { get; } = endpoint;
    public int StatusCode { get; } = statusCode;
}
