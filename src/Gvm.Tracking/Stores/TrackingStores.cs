using Gvm.Tracking.Mlflow;
using Microsoft.Extensions.Logging;

namespace Gvm.Tracking.Stores;

/// <summary>Picks the store for a tracking URI by its scheme (house style 12).</summary>
public static class TrackingStores
{
    /// <summary>
    /// The remote store for <paramref name="trackingUri"/>, or null when the URI means "journal only": empty, a
    /// <c>file:</c> URI or a plain path. http/https → <see cref="MlflowRestStore"/> (credentials from the usual
    /// MLFLOW_TRACKING_* variables); <c>memory:</c> → <see cref="InMemoryTrackingStore"/>. Other schemes are refused.
    /// </summary>
    public static ITrackingStore? Create(string? trackingUri, ILoggerFactory? loggers = null)
    {
        if (IsJournalOnly(trackingUri)) return null;
        var text = trackingUri!.Trim();
        if (text == "memory:") return new InMemoryTrackingStore();
        var scheme = text[..text.IndexOf(':')].ToLowerInvariant();
        return scheme switch
        {
            "http" or "https" => new MlflowRestStore(new MlflowRestClient(MlflowClientOptions.FromEnvironment(text), loggers?.CreateLogger<MlflowRestClient>())),
            _ => throw new NotSupportedException($"tracking URI scheme '{scheme}:' is not supported; use http(s)://host:port, file:/path or a plain path (journal only)"),
        };
    }

    /// <summary>True for null/empty, <c>file:</c> URIs and plain paths (no scheme, or a Windows drive letter).</summary>
    public static bool IsJournalOnly(string? trackingUri)
    {
        if (string.IsNullOrWhiteSpace(trackingUri)) return true;
        var text = trackingUri.Trim();
        var colon = text.IndexOf(':');
        if (colon <= 1) return true; // "/path", "relative", "C:" style
        return text.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
    }
}
