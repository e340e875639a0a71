namespace Gvm.Tracking.Mlflow;

/// <summary>
/// How to reach an MLflow tracking server. Defaults mirror MLflow's Python client (spec §9 "Retries"):
/// 7 retries, backoff factor 2 capped at 120 s, up to 1 s jitter, Retry-After honoured, 120 s per request.
/// </summary>
public sealed record MlflowClientOptions
{
    public required Uri TrackingUri { get; init; }
    /// <summary>Bearer token (MLFLOW_TRACKING_TOKEN); wins over basic auth.</summary>
    public string? Token { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
    public int MaxRetries { get; init; } = 7;
    public double BackoffFactorSeconds { get; init; } = 2.0;
    public TimeSpan BackoffCap { get; init; } = TimeSpan.FromSeconds(120);
    public TimeSpan MaxJitter { get; init; } = TimeSpan.FromSeconds(1);
    public bool RespectRetryAfter { get; init; } = true;
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);
    /// <summary>MLFLOW_TRACKING_INSECURE_TLS: skip certificate validation (self-signed test servers only).</summary>
    public bool InsecureTls { get; init; }

    public const string UriVariable = "MLFLOW_TRACKING_URI";
    /// <summary>The experiment a sweep's runs go to, as MLflow's clients read it (default: the grid's name).</summary>
    public const string ExperimentVariable = "MLFLOW_EXPERIMENT_NAME";

    /// <summary>
    /// Options for <paramref name="trackingUri"/> (the command line resolves MLFLOW_TRACKING_URI, <see cref="Stores.TrackingTarget"/>) with credentials from
    /// MLFLOW_TRACKING_TOKEN / MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD, and the retry knobs MLflow's
    /// Python client reads: MLFLOW_HTTP_REQUEST_MAX_RETRIES, MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR,
    /// MLFLOW_HTTP_REQUEST_BACKOFF_JITTER (seconds) and MLFLOW_HTTP_REQUEST_TIMEOUT (seconds).
    /// </summary>
    public static MlflowClientOptions FromEnvironment(string trackingUri)
    {
        var text = trackingUri;
        if (string.IsNullOrWhiteSpace(text))
            throw new ArgumentException($"no tracking URI: pass --tracking-uri or set {UriVariable}", nameof(trackingUri));
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"tracking URI '{TrackingUriText.Redact(text)}' is not an http(s) URL", nameof(trackingUri));
        // Credentials written into the URI (http://user:pass@host, as MLflow's Python client accepts) become basic auth;
        // the URI kept (and shown, journaled, hashed) is the one without them.
        var inUri = TrackingUriText.Credentials(uri);
        var bare = new Uri(TrackingUriText.Redact(uri));
        return new MlflowClientOptions
        {
            TrackingUri = bare,
            Token = Env("MLFLOW_TRACKING_TOKEN"),
            Username = Env("MLFLOW_TRACKING_USERNAME") ?? inUri?.User,
            Password = Env("MLFLOW_TRACKING_USERNAME") is null ? inUri?.Password : Env("MLFLOW_TRACKING_PASSWORD"),
            InsecureTls = Env("MLFLOW_TRACKING_INSECURE_TLS") is "true" or "1" or "True",
            MaxRetries = (int)(Number("MLFLOW_HTTP_REQUEST_MAX_RETRIES") ?? 7),
            BackoffFactorSeconds = Number("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR") ?? 2.0,
            MaxJitter = TimeSpan.FromSeconds(Number("MLFLOW_HTTP_REQUEST_BACKOFF_JITTER") ?? 1.0),
            RequestTimeout = TimeSpan.FromSeconds(Number("MLFLOW_HTTP_REQUEST_TIMEOUT") ?? 120),
        }.Validate();
    }

    public MlflowClientOptions Validate()
    {
        if (TrackingUri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"tracking URI '{TrackingUriText.Redact(TrackingUri.OriginalString)}' must be http or https", nameof(TrackingUri));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries);
        ArgumentOutOfRangeException.ThrowIfNegative(BackoffFactorSeconds);
        if (RequestTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RequestTimeout), "must be > 0");
        if (Username is not null && Password is null)
            throw new ArgumentException("MLFLOW_TRACKING_USERNAME is set without MLFLOW_TRACKING_PASSWORD", nameof(Password));
        return this;
    }

    private static double? Number(string name) =>
        Env(name) is { } text
            ? double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= 0
                ? v
                : throw new ArgumentException($"{name}='{text}' is not a non-negative number")
            : null;

    private static string? Env(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
