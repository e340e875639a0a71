using Gvm.Tracking.Journal;
using Gvm.Tracking.Mlflow;
using Gvm.Tracking.Stores;
using Microsoft.Extensions.Logging;

namespace Gvm.Tracking.Sweeps;

/// <summary>Chooses the sweep tracker for a sweep directory and an optional MLflow tracking URI.</summary>
public static class SweepTrackers
{
    /// <summary>
    /// The tracker the orchestrator uses. Always journals under <c>SWEEP_DIR/tracking</c>; forwards in the background
    /// to <paramref name="target"/> when it is a server; journal only otherwise (then <c>gvm mlflow push</c> /
    /// <c>gvm mlflow export</c>). The experiment is
    /// MLFLOW_EXPERIMENT_NAME when set, else the grid's name; it is journaled, so a later push uses the same one.
    /// </summary>
    public static ISweepTracker Create(TrackingTarget target, string sweepDir) => Create(target, sweepDir, null, null);

    public static ISweepTracker Create(TrackingTarget target, string sweepDir, BackgroundSenderOptions? senderOptions, ILoggerFactory? loggers)
    {
        ArgumentException.ThrowIfNullOrEmpty(sweepDir);
        ArgumentNullException.ThrowIfNull(target);
        var store = TrackingStores.Create(target, loggers);
        var sender = store is null ? null : new BackgroundSender(sweepDir, store, senderOptions, loggers?.CreateLogger<BackgroundSender>());
        return new JournalSweepTracker(sweepDir, sender, null, Environment.GetEnvironmentVariable(MlflowClientOptions.ExperimentVariable));
    }
}
