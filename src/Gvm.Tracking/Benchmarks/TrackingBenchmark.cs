using System.Diagnostics;
using Gvm.Core.Metrics;
using Gvm.Tracking.Journal;
using Gvm.Tracking.LocalServer;
using Gvm.Tracking.Mlflow;
using Gvm.Tracking.Stores;

namespace Gvm.Tracking.Benchmarks;

/// <summary>Result of forwarding journals to a local server.</summary>
public sealed record TrackingBenchmarkResult(long Points, int Runs, int Batches, long Requests, double Seconds, long PeakManagedBytes, long ServerPoints)
{
    public double PointsPerSecond => Points / Math.Max(Seconds, 1e-9);
}

/// <summary>
/// <c>gvm bench tracking</c>: writes journals holding <c>points</c> metric points (20 metric keys per step, as the
/// trainer logs), then times forwarding them to a <see cref="LocalMlflowServer"/> on 127.0.0.1 in log-batch requests
/// of 1000. The server counts points without keeping them, so the peak managed heap sampled during the forward
/// reflects the forwarder (streaming, bounded by one batch plus one journal line), not the data volume.
/// </summary>
public static class TrackingBenchmark
{
    public static async Task<TrackingBenchmarkResult> RunAsync(long points, int runs, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var dir = Directory.CreateTempSubdirectory("gvm-bench-tracking-").FullName;
        try
        {
            WriteJournals(dir, points, runs);
            await using var server = new LocalMlflowServer(new LocalServerOptions { RetainMetrics = false, DeduplicateMetrics = false });
            var client = new MlflowRestClient(new MlflowClientOptions { TrackingUri = server.Uri });
            await using var store = new MlflowRestStore(client);
            GC.Collect();
            var peak = GC.GetTotalMemory(forceFullCollection: true);
            using var stopSampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!stopSampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(false));
                    try { await Task.Delay(5, stopSampling.Token).ConfigureAwait(false); }
                    catch (OperationCanceledException) { return; }
                }
            }, CancellationToken.None);
            var watch = Stopwatch.StartNew();
            var result = await new JournalForwarder(dir, store).ForwardAsync(cancellationToken).ConfigureAwait(false);
            watch.Stop();
            await stopSampling.CancelAsync().ConfigureAwait(false);
            await sampler.ConfigureAwait(false);
            return new TrackingBenchmarkResult(result.Points, runs, result.Batches, client.RequestCount, watch.Elapsed.TotalSeconds, peak,
                server.Runs.Sum(r => r.MetricCount));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void WriteJournals(string dir, long points, int runs)
    {
        const int keysPerStep = 20;
        using var w = new JournalWriter(dir);
        w.AppendSweep(new JournalRecord { Type = JournalRecordTypes.Sweep, Time = 1, Experiment = "bench-tracking" });
        var step = new MetricPoint[keysPerStep];
        for (var r = 0; r < runs; r++)
        {
            var key = $"run{r:D3}";
            w.AppendRun(key, new JournalRecord { Type = JournalRecordTypes.RunStart, Time = 1, Key = key, Name = key });
            var share = points / runs + (r < points % runs ? 1 : 0);
            for (long s = 0, written = 0; written < share; s++)
            {
                var n = (int)Math.Min(keysPerStep, share - written);
                for (var k = 0; k < n; k++) step[k] = new MetricPoint($"bench/metric_{k:D2}", Math.Sin(s * 0.01 + k), 1_767_225_600_000 + s * 1000, s);
                w.AppendRun(key, new JournalRecord { Type = JournalRecordTypes.Metrics, Time = 1, Points = n == keysPerStep ? step : step[..n] });
                written += n;
            }
            w.AppendRun(key, new JournalRecord { Type = JournalRecordTypes.RunEnd, Time = 2, Status = "FINISHED" });
        }
    }
}
