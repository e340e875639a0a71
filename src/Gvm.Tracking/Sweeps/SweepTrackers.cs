namespace Gvm.Tracking.Sweeps;

/// <summary>Chooses the sweep tracker for a sweep directory and an optional MLflow tracking URI.</summary>
public static class SweepTrackers
{
    /// <summary>
    /// The tracker the orchestrator uses. Always journals under <c>SWEEP_DIR/tracking</c>; forwards to
    /// <paramref name="trackingUri"/> (or MLFLOW_TRACKING_URI) when set. Placeholder until the tracking issue lands.
    /// </summary>
    public static ISweepTracker Create(string? trackingUri, string sweepDir) => NullSweepTracker.Instance;
}
