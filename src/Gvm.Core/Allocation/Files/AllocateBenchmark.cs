using System.Diagnostics;

namespace Gvm.Core.Allocation.Files;

/// <summary>One benchmark scenario of <c>gvm bench allocate</c>.</summary>
public sealed record AllocateBenchmarkCase(string Name, bool WithIds, SampleSizesFormat Format, GvmAllocationOptions Options);

/// <summary>Timings of one scenario over its repetitions; phases are those of the median repetition.</summary>
/// <param name="CpuMs">Process CPU time of the median run (all threads, GC included): less sensitive than wall time to other load on the machine.</param>
/// <param name="ColdMs">Wall time of the first run, JIT included (what a fresh <c>gvm allocate</c> process pays, minus process start-up).</param>
public sealed record AllocateBenchmarkRow(string Name, int Prompts, long FileBytes, double MedianMs, double BestMs, double CpuMs, double ColdMs,
    double ParseMs, double AllocateMs, double WriteMs);

/// <summary>
/// Times <c>gvm allocate</c>'s work end to end (stream-parse STATS.jsonl → allocate → write the sample sizes to a file)
/// on synthetic files, in process so that JIT start-up is excluded after the first (discarded) warm-up run.
/// </summary>
public static class AllocateBenchmark
{
    public static IReadOnlyList<AllocateBenchmarkCase> DefaultCases { get; } =
    [
        new("json, default options", false, SampleSizesFormat.Json, new GvmAllocationOptions()),
        new("csv with ids", true, SampleSizesFormat.Csv, new GvmAllocationOptions()),
        new("json, min 1 / max 64 / world 8", false, SampleSizesFormat.Json,
            new GvmAllocationOptions { MinPerPrompt = 1, MaxPerPrompt = 64, ExplorationFloor = 1, WorldSize = 8 }),
    ];

    public static async Task<IReadOnlyList<AllocateBenchmarkRow>> RunAsync(int prompts, int samplesPerPrompt, int repeat,
        IReadOnlyList<AllocateBenchmarkCase> cases, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(prompts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeat, 1);
        var dir = Directory.CreateTempSubdirectory("gvm-bench-allocate-");
        try
        {
            var rows = new List<AllocateBenchmarkRow>();
            var budget = checked(prompts * samplesPerPrompt);
            foreach (var c in cases)
            {
                var input = Path.Combine(dir.FullName, c.WithIds ? "stats-ids.jsonl" : "stats.jsonl");
                if (!File.Exists(input)) await SyntheticStats.WriteAsync(input, prompts, withIds: c.WithIds, cancellationToken: cancellationToken).ConfigureAwait(false);
                var output = Path.Combine(dir.FullName, "sizes.out");
                var runs = new List<(AllocateFromStatsResult Result, double CpuMs)>();
                double coldMs = 0;
                for (var r = 0; r <= repeat; r++)
                {
                    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                    await using var inStream = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                    await using var outStream = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1);
                    var result = await AllocateFromStats.RunAsync(inStream, input, outStream, budget, c.Options, c.Format, cancellationToken).ConfigureAwait(false);
                    var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
                    if (r == 0) coldMs = Total(result); // run 0 pays the JIT; it is reported apart
                    else runs.Add((result, cpuMs));
                }
                var sorted = runs.OrderBy(x => Total(x.Result)).ToList();
                var (median, medianCpu) = sorted[sorted.Count / 2];
                rows.Add(new AllocateBenchmarkRow(c.Name, prompts, new FileInfo(input).Length, Total(median), Total(sorted[0].Result), medianCpu, coldMs,
                    median.ParseTime.TotalMilliseconds, median.AllocateTime.TotalMilliseconds, median.WriteTime.TotalMilliseconds));
            }
            return rows;

            static double Total(AllocateFromStatsResult x) => (x.ParseTime + x.AllocateTime + x.WriteTime).TotalMilliseconds;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
