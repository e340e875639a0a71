namespace Gvm.Tracking.Mlflow;

/// <summary>Retry delays of MLflow's Python client (urllib3 <c>Retry</c> as configured in mlflow/utils/request_utils.py).</summary>
public static class RetryBackoff
{
    /// <summary>
    /// Delay before retry number <paramref name="retry"/> (1-based): urllib3 waits nothing before the first retry,
    /// then factor · 2^(retry−1) seconds capped at <paramref name="cap"/>, plus <paramref name="jitter"/> (spec §9:
    /// 0, 4, 8, 16, 32, 64, 120 s for factor 2). A server's Retry-After wins when given.
    /// </summary>
    public static TimeSpan Delay(int retry, double factorSeconds, TimeSpan cap, TimeSpan jitter, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        if (retryAfter is { } ra && ra >= TimeSpan.Zero) return ra < cap ? ra : cap;
        if (retry == 1) return TimeSpan.Zero;
        var seconds = factorSeconds * Math.Pow(2, retry - 1);
        var backoff = TimeSpan.FromSeconds(Math.Min(seconds, cap.TotalSeconds));
        return backoff + jitter;
    }
}
