using System.Diagnostics;

namespace Gvm.Core.Allocation.Files;

/// <summary>What <c>gvm allocate</c> did, with per-phase timings (the benchmark reports them).</summary>
public sealed record AllocateFromStatsResult(
    PromptStatsTable Stats,
    GvmAllocation Allocation,
    AllocationSummary Summary,
    double PredictedVarianceRatio,
    TimeSpan ParseTime,
    TimeSpan AllocateTime,
    TimeSpan WriteTime);

/// <summary>
/// The <c>gvm allocate</c> pipeline as a library call: stream STATS.jsonl → GVM allocation → sample sizes
/// (JSON list or CSV) on <paramref name="output"/>. Bad records throw <see cref="StatsFileException"/>.
/// </summary>
public static class AllocateFromStats
{
    public static async Task<AllocateFromStatsResult> RunAsync(Stream input, string source, Stream output, int budget,
        GvmAllocationOptions options, SampleSizesFormat format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var capacity = input.CanSeek ? (int)Math.Clamp(input.Length / 40, 1024, 1 << 26) : 1024;
        var stats = await PromptStatsReader.ReadAsync(input, source, capacity, cancellationToken).ConfigureAwait(false);
        var parse = clock.Elapsed;

        clock.Restart();
        var allocation = GvmAllocator.AllocateDetailed(stats.AcceptRate, stats.GradNorm, budget, options);
        var summary = AllocationSummary.Of(allocation.SampleSizes);
        var ratio = VarianceProxy.PredictedRatio(stats.AcceptRate, stats.GradNorm, options.Alpha, options.Beta);
        var allocate = clock.Elapsed;

        clock.Restart();
        await SampleSizesWriter.WriteAsync(output, allocation.SampleSizes, format, stats, cancellationToken).ConfigureAwait(false);
        return new AllocateFromStatsResult(stats, allocation, summary, ratio, parse, allocate, clock.Elapsed);
    }
}
