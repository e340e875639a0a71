using System.Diagnostics;
using System.Globalization;
using Gvm.Core.Runs;
using Gvm.Core.Sweeps;
using Gvm.Orchestration.Launchers.Local;
using Gvm.Orchestration.Ledger;
using Gvm.Orchestration.Progress;
using Gvm.Orchestration.Scheduling;
using Gvm.Orchestration.Sweeps;
using Gvm.Tracking.Sweeps;

namespace Gvm.Orchestration.Bench;

/// <summary>Result of <see cref="SchedulerBench"/>: measured wall time against runs/slots × run length.</summary>
public sealed record SchedulerBenchResult(int Runs, int Slots, double RunSeconds, double IdealSeconds, double MeasuredSeconds)
{
    public double OverheadPercent => 100 * (MeasuredSeconds - IdealSeconds) / IdealSeconds;
}

/// <summary>
/// Scheduling overhead: <c>runs</c> independent runs whose trainer only sleeps, on <c>slots</c> CPU slots, through
/// the real local launcher, ledger and scheduler. Ideal = ceil(runs/slots) × run length.
/// </summary>
public static class SchedulerBench
{
    public static async Task<SchedulerBenchResult> RunAsync(int runs, int slots, double runSeconds, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(runSeconds, 0);
        var dir = Path.Combine(Path.GetTempPath(), $"gvm-bench-scheduler-{Guid.NewGuid():N}");
        try
        {
            var planned = Enumerable.Range(1, runs).Select(i =>
            {
                var spec = new RunSpec { Name = $"bench/seed={i}", Seed = i };
                return new PlannedRun { RunId = $"bench{i:D4}", Name = spec.Name, Stage = "rl", Spec = spec };
            }).ToList();
            var plan = new SweepPlan { Name = "bench-scheduler", SweepId = "bench", Runs = planned };
            await SweepFiles.WriteAsync(plan, dir, cancellationToken).ConfigureAwait(false);
            var seconds = runSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            var trainer = new TrainerCommand("/bin/sh", ["-c", $"sleep {seconds}", "fake-trainer"]);

            using var ledger = SweepLedger.Open(dir);
            await using var launcher = new LocalLauncher(new LocalLauncherOptions { Trainer = trainer });
            await using var progress = new PlainProgress(TextWriter.Null);
            var options = new SchedulerOptions { Parallel = slots, Retries = 0 };
            var clock = Stopwatch.StartNew();
            var outcome = await new SweepScheduler(plan, dir, ledger, launcher, NullSweepTracker.Instance, progress, options)
                .RunAsync(cancellationToken).ConfigureAwait(false);
            clock.Stop();
            if (outcome.Succeeded != runs)
                throw new InvalidOperationException($"benchmark sweep: only {outcome.Succeeded} of {runs} runs succeeded");
            var ideal = Math.Ceiling((double)runs / slots) * runSeconds;
            return new SchedulerBenchResult(runs, slots, runSeconds, ideal, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    public static string ToMarkdown(SchedulerBenchResult r) => string.Create(CultureInfo.InvariantCulture, $"""
        | runs | slots | run length (s) | ideal (s) | measured (s) | overhead | target |
        |---:|---:|---:|---:|---:|---:|---|
        | {r.Runs} | {r.Slots} | {r.RunSeconds:0.###} | {r.IdealSeconds:0.00} | {r.MeasuredSeconds:0.00} | {r.OverheadPercent:0.00}% | ≤ 3% {(r.OverheadPercent <= 3 ? "met" : "MISSED")} |
        """);
}
