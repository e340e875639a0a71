using Gvm.Core.Metrics;
using Gvm.Tracking.Sweeps;

namespace Gvm.Tracking.Tests;

public class NullSweepTrackerTests
{
    [Fact]
    public async Task Null_tracker_accepts_every_call()
    {
        await using var t = NullSweepTracker.Instance;
        await t.LogMetricsAsync("r", [new MetricPoint("train/loss", double.NaN, 0, 1)]);
        await t.EndRunAsync("r", "succeeded");
    }
}
