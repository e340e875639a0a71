using Gvm.Core.Runs;

namespace Gvm.Training.Benchmarks;

/// <summary>
/// Settings of <c>gvm bench trainer</c>. Every field is checked by <see cref="Validate"/>; paths are resolved against
/// <see cref="RepositoryRoot"/>.
/// </summary>
public sealed record TrainerBenchmarkOptions
{
    /// <summary>The four RL algorithms the benchmark profiles by default.</summary>
    public static readonly IReadOnlyList<Algorithm> DefaultAlgorithms =
        [Algorithm.RaftPlusPlus, Algorithm.GvmRaftPlusPlus, Algorithm.Grpo, Algorithm.GvmGrpo];

    /// <summary>Repository root (specs, artifacts and git revisions are found from here).</summary>
    public string RepositoryRoot { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>gvm.dll of this build (started as <c>dotnet gvm.dll train ...</c> for every run of this tree).</summary>
    public string GvmDll { get; init; } = "";

    /// <summary>
    /// One RL spec for every algorithm (its <c>algorithm</c> is replaced), or null: the smoke specs
    /// <c>experiments/specs/smoke-{algorithm}.json</c>, read at run time.
    /// </summary>
    public string? Spec { get; init; }

    /// <summary>SFT spec of the warm start (default <c>experiments/specs/smoke-sft.json</c>).</summary>
    public string? SftSpec { get; init; }

    /// <summary>Warm-start checkpoint directory (Hugging Face layout); null = make one with <see cref="SftSpec"/> and cache it.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>SFT steps of the made warm start; 0 = the SFT spec's own (<c>schedule.stop_at_step</c>, else <c>steps</c>).</summary>
    public int WarmSteps { get; init; }

    /// <summary>RL steps per run (a multiple of the GVM iteration length gives whole EM iterations).</summary>
    public int Steps { get; init; } = 8;

    /// <summary>Runs of each algorithm per tree; with a comparison, A and B alternate (A B, then B A, ...).</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>Torch threads of every run; 0 = the spec's <c>threads</c>.</summary>
    public int Threads { get; init; }

    public IReadOnlyList<Algorithm> Algorithms { get; init; } = DefaultAlgorithms;

    /// <summary>A git revision to build in a temporary worktree and measure side by side; null = this tree only.</summary>
    public string? CompareTo { get; init; }

    /// <summary>Keep the revision's worktree (under artifacts/bench-trainer/revisions/) for the next invocation.</summary>
    public bool KeepWorktree { get; init; }

    /// <summary>Also run <c>gvm bench model</c> (64 prompts × 64 new tokens) in each tree, alternating like the runs.</summary>
    public bool ModelBench { get; init; } = true;

    /// <summary>Measure one trainer with 2 threads against two concurrent trainers with 1 thread each (this tree).</summary>
    public bool ThreadStudy { get; init; }

    /// <summary>Where the warm start, revisions and run directories go (default <c>artifacts/bench-trainer</c>).</summary>
    public string? WorkDirectory { get; init; }

    public string Resolve(string path) => Path.GetFullPath(Path.Combine(RepositoryRoot, path));

    public string Work => Resolve(WorkDirectory ?? Path.Combine("artifacts", "bench-trainer"));

    public string SftSpecPath => Resolve(SftSpec ?? Path.Combine("experiments", "specs", "smoke-sft.json"));

    /// <summary>The RL spec of <paramref name="algorithm"/>.</summary>
    public string SpecPath(Algorithm algorithm) =>
        Resolve(Spec ?? Path.Combine("experiments", "specs", $"smoke-{algorithm.ToName()}.json"));

    /// <summary>Throws <see cref="ArgumentException"/> naming the option.</summary>
    public TrainerBenchmarkOptions Validate()
    {
        if (!Directory.Exists(RepositoryRoot)) throw new ArgumentException($"repository root '{RepositoryRoot}' does not exist", "--repo");
        if (!File.Exists(GvmDll)) throw new ArgumentException($"gvm.dll of this build not found at '{GvmDll}'", "--gvm");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Steps, "--steps");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Repeats, "--repeats");
        ArgumentOutOfRangeException.ThrowIfNegative(Threads, "--threads");
        ArgumentOutOfRangeException.ThrowIfNegative(WarmSteps, "--warm-steps");
        if (Algorithms.Count == 0) throw new ArgumentException("no algorithm selected", "--algorithms");
        foreach (var a in Algorithms)
            if (!a.IsRl()) throw new ArgumentException($"'{a.ToName()}' is not an RL algorithm", "--algorithms");
        foreach (var a in Algorithms)
            if (!File.Exists(SpecPath(a))) throw new ArgumentException($"spec file '{SpecPath(a)}' not found", "--spec");
        if (Checkpoint is not null && !File.Exists(Path.Combine(Resolve(Checkpoint), "config.json")))
            throw new ArgumentException($"checkpoint '{Resolve(Checkpoint)}' has no config.json", "--checkpoint");
        if (Checkpoint is null && !File.Exists(SftSpecPath)) throw new ArgumentException($"SFT spec '{SftSpecPath}' not found", "--sft-spec");
        if (CompareTo is { Length: 0 }) throw new ArgumentException("empty revision", "--compare-to");
        return this;
    }
}
