using Gvm.Core.Sweeps;
using Gvm.Orchestration.Launchers;

namespace Gvm.Orchestration.Scheduling;

/// <summary>An attempt the scheduler is following: its slot, handle, monitor task and latest progress.</summary>
internal sealed class ActiveRun(PlannedRun run, LaunchHandle handle, int[] gpus, DateTimeOffset started, TimeSpan? timeout)
{
    public PlannedRun Run { get; } = run;
    public LaunchHandle Handle { get; } = handle;
    public int[] Gpus { get; } = gpus;
    public DateTimeOffset Started { get; } = started;
    public TimeSpan? Timeout { get; } = timeout;
    public Task<LaunchOutcome> Monitor { get; set; } = Task.FromResult(new LaunchOutcome { End = LaunchEnd.Lost });
    public bool TimedOut { get; set; }
    public long MetricsOffset { get; set; }
    /// <summary>Highest metric step handed to tracking (to skip lines a resumed trainer writes again).</summary>
    public long ForwardedThroughStep { get; set; } = -1;
    /// <summary>Replay floor after a resumed trainer rewrote metrics.jsonl (see <see cref="Metrics.MetricsTail"/>).</summary>
    public long SkipThrough { get; set; } = -1;
    public int Step { get; set; }
    public int TotalSteps { get; set; }
    public double? Accuracy { get; set; }
}
