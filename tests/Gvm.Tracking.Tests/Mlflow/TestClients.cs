using Gvm.Tracking.LocalServer;
using Gvm.Tracking.Mlflow;

namespace Gvm.Tracking.Tests.Mlflow;

internal static class TestClients
{
    /// <summary>A client with millisecond backoff so retry tests stay fast (no timing is asserted).</summary>
    public static MlflowRestClient For(LocalMlflowServer server, int maxRetries = 3) => new(new MlflowClientOptions
    {
        TrackingUri = server.Uri,
        MaxRetries = maxRetries,
        BackoffFactorSeconds = 0.001,
        MaxJitter = TimeSpan.FromMilliseconds(1),
        BackoffCap = TimeSpan.FromMilliseconds(10),
        RequestTimeout = TimeSpan.FromSeconds(20),
    });
}
