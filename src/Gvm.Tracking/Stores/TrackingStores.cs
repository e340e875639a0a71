using Gvm.Tracking.Mlflow;
using Microsoft.Extensions.Logging;

namespace Gvm.Tracking.Stores;

/// <summary>Picks the store for a parsed <see cref="TrackingTarget"/> (house style 12).</summary>
public static class TrackingStores
{
    /// <summary>
    /// The remote store of <paramref name="target"/>, or null for journal only: <c>memory:</c> →
    /// <see cref="InMemoryTrackingStore"/>, http(s) → <see cref="MlflowRestStore"/> (credentials from the URI or the usual
    /// MLFLOW_TRACKING_* variables).
    /// </summary>
    public static ITrackingStore? Create(TrackingTarget target, ILoggerFactory? loggers = null) => target.Kind switch
    {
        TrackingTargetKind.JournalOnly => null,
        TrackingTargetKind.Memory => new InMemoryTrackingStore(),
        TrackingTargetKind.Mlflow => new MlflowRestStore(new MlflowRestClient(MlflowClientOptions.FromEnvironment(target.Uri!), loggers?.CreateLogger<MlflowRestClient>())),
    };
}
