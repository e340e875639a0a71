using Gvm.Tracking.Stores;
using Gvm.Orchestration.Launchers;
using Microsoft.Extensions.Logging;

namespace Gvm.Orchestration.Sweeps;

/// <summary>Options of <c>gvm sweep</c>; null fields fall back to the grid's backend section.</summary>
public sealed record SweepOptions
{
    /// <summary>Grid file; null = experiments/smoke.yaml if present, else the embedded copy.</summary>
    public string? Grid { get; init; }
    /// <summary>Sweep directory; null = sweeps/&lt;grid name&gt; under the current directory.</summary>
    public string? SweepDir { get; init; }
    public string? Backend { get; init; }
    public int? Parallel { get; init; }
    /// <summary>GPU ids ("0,1,2,3"); null = nvidia-smi.</summary>
    public string? Gpus { get; init; }
    public int? Retries { get; init; }
    public double RetryBackoffSeconds { get; init; } = 5;
    /// <summary>Per-run timeout for stages that set none.</summary>
    public double? TimeoutSeconds { get; init; }
    public bool FailFast { get; init; }
    /// <summary>Where the sweep is tracked (parsed once by the command line; default journal only).</summary>
    public TrackingTarget Tracking { get; init; } = TrackingTarget.JournalOnly;
    /// <summary>Trainer command override (else GVM_TRAINER_COMMAND, else <c>dotnet gvm.dll train</c>).</summary>
    public string? Trainer { get; init; }
    public double HeartbeatStaleSeconds { get; init; } = 120;
    public double CancelGraceSeconds { get; init; } = 30;
    public double MetricsIntervalSeconds { get; init; } = 1;
    /// <summary>auto, live or plain.</summary>
    public string Progress { get; init; } = "auto";
    /// <summary>
    /// Command-line overrides of the launchers' grid sections, by launcher name (<c>--slurm-*</c> → "slurm"); see
    /// <see cref="RunLaunchers.ReadOverrides"/>.
    /// </summary>
    public IReadOnlyDictionary<string, LauncherSettings> LauncherOverrides { get; init; } = new Dictionary<string, LauncherSettings>();
    /// <summary>The launchers <see cref="Backend"/> and the grid may name (a test adds its own).</summary>
    public RunLaunchers Launchers { get; init; } = RunLaunchers.Shipped;
    /// <summary>Where tracking and launcher warnings go (the CLI's stderr logger); null = nowhere.</summary>
    public ILoggerFactory? Loggers { get; init; }

    public SweepOptions Validate()
    {
        if (Parallel is < 1) throw new ArgumentOutOfRangeException(nameof(Parallel), Parallel, "--parallel must be >= 1");
        if (Retries is < 0) throw new ArgumentOutOfRangeException(nameof(Retries), Retries, "--retries must be >= 0");
        if (TimeoutSeconds is <= 0) throw new ArgumentOutOfRangeException(nameof(TimeoutSeconds), TimeoutSeconds, "--timeout must be > 0");
        ArgumentOutOfRangeException.ThrowIfNegative(RetryBackoffSeconds, "--retry-backoff");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HeartbeatStaleSeconds, 0, "--heartbeat-stale");
        ArgumentOutOfRangeException.ThrowIfNegative(CancelGraceSeconds, "--cancel-grace");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MetricsIntervalSeconds, 0, "--metrics-interval");
        if (Progress is not ("auto" or "live" or "plain"))
            throw new ArgumentException($"--progress must be auto, live or plain, got '{Progress}'", nameof(Progress));
        return this;
    }
}
