namespace Gvm.Orchestration.Scheduling;

/// <summary>How a sweep is scheduled on this host.</summary>
public sealed record SchedulerOptions
{
    /// <summary>GPU ids available to runs (empty on a CPU host).</summary>
    public IReadOnlyList<int> Gpus { get; init; } = [];
    /// <summary>Runs at once (CPU slots; on a GPU host also bounded by the GPUs each run needs).</summary>
    public int Parallel { get; init; } = 1;
    /// <summary>Extra attempts after a failure (0 = none).</summary>
    public int Retries { get; init; } = 1;
    /// <summary>Delay before the first retry; doubles per failure, capped at <see cref="MaxRetryBackoff"/>.</summary>
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxRetryBackoff { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>Timeout for runs whose stage sets none (null = none).</summary>
    public TimeSpan? DefaultTimeout { get; init; }
    /// <summary>Stop the sweep at the first run that fails for good.</summary>
    public bool FailFast { get; init; }
    /// <summary>Time a stopped trainer gets to checkpoint after SIGTERM before SIGKILL.</summary>
    public TimeSpan CancelGrace { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>How often metrics.jsonl and status.json of active runs are read.</summary>
    public TimeSpan MetricsInterval { get; init; } = TimeSpan.FromSeconds(1);

    public SchedulerOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Parallel, 1, nameof(Parallel));
        ArgumentOutOfRangeException.ThrowIfNegative(Retries, nameof(Retries));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryBackoff, TimeSpan.Zero, nameof(RetryBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(CancelGrace, TimeSpan.Zero, nameof(CancelGrace));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MetricsInterval, TimeSpan.Zero, nameof(MetricsInterval));
        if (DefaultTimeout is { } t) ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(t, TimeSpan.Zero, nameof(DefaultTimeout));
        return this;
    }

    /// <summary>Backoff before retry number <paramref name="failures"/> (1-based): base × 2^(failures-1), capped.</summary>
    public TimeSpan BackoffFor(int failures) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryBackoff.Ticks, RetryBackoff.Ticks * (1L << Math.Min(failures - 1, 20))));
}

/// <summary>A sweep that cannot be scheduled on this host (e.g. a run needs more GPUs than there are).</summary>
public sealed class SchedulerException(string message) : Gvm.Core.Inputs.InputException(null, 0, null, message);

/// <summary>How a sweep invocation ended: the count of runs in each state.</summary>
public sealed record SweepOutcome(int Succeeded, int Failed, int Cancelled, int Pending, bool Stopped)
{
    public bool AllSucceeded => Failed == 0 && Cancelled == 0 && Pending == 0 && !Stopped;
}
