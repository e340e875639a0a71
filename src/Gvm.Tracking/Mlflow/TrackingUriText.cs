namespace Gvm.Tracking.Mlflow;

/// <summary>
/// What of a tracking URI may be written anywhere (journals, push state, plan, params, logs, messages): scheme, host,
/// port and path. Credentials in the user-info part (<c>http://user:pass@host</c>), query strings and fragments (where
/// proxies put tokens) are removed. The credentials themselves go to the HTTP client as basic auth and nowhere else
/// (<see cref="MlflowClientOptions.FromEnvironment"/>).
/// </summary>
public static class TrackingUriText
{
    /// <summary>Environment variables that carry tracking credentials: never passed on to trainers.</summary>
    public static readonly IReadOnlyList<string> CredentialVariables =
        ["MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD"];

    /// <summary>The URI without user info, query and fragment.</summary>
    public static string Redact(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri) return uri.OriginalString;
        var b = new UriBuilder(uri) { UserName = "", Password = "", Query = "", Fragment = "" };
        return b.Uri.GetLeftPart(UriPartial.Path);
    }

    /// <summary>
    /// <paramref name="text"/> with any user info, query and fragment removed, whether or not it parses as a URI (a
    /// malformed value is still cut at '@', '?' and '#', so an error message never echoes a password).
    /// </summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var trimmed = text.Trim();
        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return Redact(uri);
        var cut = trimmed.IndexOfAny(['?', '#']);
        if (cut >= 0) trimmed = trimmed[..cut];
        var scheme = trimmed.IndexOf("://", StringComparison.Ordinal);
        var at = trimmed.LastIndexOf('@');
        if (at >= 0)
        {
            var start = scheme >= 0 ? scheme + 3 : 0;
            if (at >= start) trimmed = trimmed[..start] + trimmed[(at + 1)..];
        }
        return trimmed;
    }

    /// <summary>The credentials in the user-info part (unescaped), or null when there are none.</summary>
    public static (string User, string Password)? Credentials(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (string.IsNullOrEmpty(uri.UserInfo)) return null;
        var parts = uri.UserInfo.Split(':', 2);
        return (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
    }
}
