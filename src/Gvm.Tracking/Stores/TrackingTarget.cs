using Gvm.Core.Inputs;
using Gvm.Tracking.Mlflow;

namespace Gvm.Tracking.Stores;

/// <summary>Where a command's tracking goes: the sweep's journal only, the in-process test store, or an MLflow server.</summary>
public enum TrackingTargetKind
{
    /// <summary>No server: the journal under SWEEP_DIR/tracking only (`gvm mlflow push` / `export` later).</summary>
    JournalOnly,
    /// <summary><c>memory:</c>, an in-process store (tests).</summary>
    Memory,
    /// <summary>An http(s) MLflow tracking server.</summary>
    Mlflow,
}

/// <summary>
/// A tracking target parsed once, at the command line: the <c>--tracking-uri</c> value or, when it is absent,
/// MLFLOW_TRACKING_URI (the one environment fallback; the libraries read no environment for it). Empty, a
/// <c>file:</c> URI or a plain path mean journal only; http(s) an MLflow server (credentials written into the URI are
/// kept for the client and never shown: <see cref="ToString"/> redacts them); any other scheme is an input error naming
/// the option (exit 2).
/// </summary>
public sealed class TrackingTarget
{
    private TrackingTarget(TrackingTargetKind kind, string? uri)
    {
        Kind = kind;
        Uri = uri;
    }

    public static TrackingTarget JournalOnly { get; } = new(TrackingTargetKind.JournalOnly, null);

    public TrackingTargetKind Kind { get; }

    /// <summary>The URI as given (credentials included) for <see cref="TrackingTargetKind.Mlflow"/> and
    /// <see cref="TrackingTargetKind.Memory"/>; null for journal only.</summary>
    public string? Uri { get; }

    /// <summary>The option's value, or MLFLOW_TRACKING_URI when the option is absent or blank (an error then names the
    /// variable).</summary>
    /// <param name="environment">Reads a variable (default: the process environment).</param>
    public static TrackingTarget Resolve(string? option, string field = "--tracking-uri", Func<string, string?>? environment = null) =>
        string.IsNullOrWhiteSpace(option)
            ? Parse((environment ?? Environment.GetEnvironmentVariable)(MlflowClientOptions.UriVariable), MlflowClientOptions.UriVariable)
            : Parse(option, field);

    /// <summary>Parses a tracking URI (no environment).</summary>
    public static TrackingTarget Parse(string? text, string field = "--tracking-uri")
    {
        if (IsJournalOnly(text)) return JournalOnly;
        var trimmed = text!.Trim();
        if (trimmed == "memory:") return new(TrackingTargetKind.Memory, trimmed);
        var scheme = trimmed[..trimmed.IndexOf(':')].ToLowerInvariant();
        if (scheme is not ("http" or "https"))
            throw InputException.Option(field, $"tracking URI scheme '{scheme}:' is not supported; use http(s)://host:port, file:/path or a plain path (journal only)");
        if (!System.Uri.TryCreate(trimmed, UriKind.Absolute, out _))
            throw InputException.Option(field, $"tracking URI '{TrackingUriText.Redact(trimmed)}' is not a valid URL");
        return new(TrackingTargetKind.Mlflow, trimmed);
    }

    /// <summary>True for null/empty, <c>file:</c> URIs and plain paths (no scheme, or a Windows drive letter).</summary>
    private static bool IsJournalOnly(string? trackingUri)
    {
        if (string.IsNullOrWhiteSpace(trackingUri)) return true;
        var text = trackingUri.Trim();
        var colon = text.IndexOf(':');
        if (colon <= 1) return true; // "/path", "relative", "C:" style
        return text.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The server address without credentials (journal only: "journal only").</summary>
    public override string ToString() => Uri is null ? "journal only" : TrackingUriText.Redact(Uri);
}
