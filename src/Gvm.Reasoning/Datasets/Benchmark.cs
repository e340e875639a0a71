using Gvm.Core.IO;

namespace Gvm.Reasoning.Datasets;

/// <summary>The evaluation benchmarks of the paper (shared/data/benchmarks, from RLHFlow/GVM eval/data).</summary>
public enum Benchmark
{
    Math500,
    MinervaMath,
    OlympiadBench,
    Aime24,
    Amc23,
}

public static class Benchmarks
{
    public static IReadOnlyList<Benchmark> All { get; } = Enum.GetValues<Benchmark>();

    /// <summary>File stem and data_source name: math500, minerva_math, olympiad_bench, aime24, amc23.</summary>
    public static string Name(Benchmark b) => b switch
    {
        Benchmark.Math500 => "math500",
        Benchmark.MinervaMath => "minerva_math",
        Benchmark.OlympiadBench => "olympiad_bench",
        Benchmark.Aime24 => "aime24",
        Benchmark.Amc23 => "amc23",
        _ => throw new ArgumentOutOfRangeException(nameof(b), b, "supported: " + string.Join(", ", All)),
    };

    public static Benchmark Parse(string name) =>
        All.FirstOrDefault(b => string.Equals(Name(b), name, StringComparison.OrdinalIgnoreCase), (Benchmark)(-1)) is var b && Enum.IsDefined(b)
            ? b
            : throw new ArgumentException($"unknown benchmark '{name}'; supported: {string.Join(", ", All.Select(Name))}", nameof(name));

    /// <summary>Path of the benchmark file under the shared folder (env GVM_SHARED or ../shared).</summary>
    public static string PathOf(Benchmark b) => RepoPaths.RequireShared($"data/benchmarks/{Name(b)}.jsonl");

    public static Task<IReadOnlyList<MathProblem>> LoadAsync(Benchmark b, CancellationToken cancellationToken = default) =>
        JsonlProblems.LoadAsync(PathOf(b), Name(b), cancellationToken);
}
