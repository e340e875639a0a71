using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gvm.Core.Runs;
using Gvm.Core.Runs.Files;
using TorchSharp;

namespace Gvm.Training.Benchmarks;

/// <summary>The profiles of one algorithm: one per repeat for each tree (B empty without a comparison).</summary>
public sealed record AlgorithmProfiles(Algorithm Algorithm, IReadOnlyList<StepProfile> A, IReadOnlyList<StepProfile> B);

/// <summary>Thread study of one algorithm: steps per second of each configuration, one value per repeat.</summary>
public sealed record ThreadStudy(Algorithm Algorithm, IReadOnlyList<double> OneTrainerOneThread, IReadOnlyList<double> OneTrainerTwoThreads,
    IReadOnlyList<double> TwoTrainersOneThreadEach);

/// <summary>Everything <c>gvm bench trainer</c> measured.</summary>
public sealed record TrainerBenchmarkResult
{
    public required TrainerBenchmarkOptions Options { get; init; }
    public required BenchTree A { get; init; }
    public BenchTree? B { get; init; }
    public required string Checkpoint { get; init; }
    public int Threads { get; init; }
    public double LoadBefore { get; init; }
    public double LoadAfter { get; init; }
    public double MatmulFlopsBefore { get; init; }
    public double MatmulFlopsAfter { get; init; }
    public double WallSeconds { get; init; }
    public IReadOnlyList<AlgorithmProfiles> Algorithms { get; init; } = [];
    /// <summary><c>gvm bench model</c> generation tokens/s (KV cache, 64 × 64, 2 threads), one per repeat.</summary>
    public IReadOnlyList<double> ModelGenerationA { get; init; } = [];
    public IReadOnlyList<double> ModelGenerationB { get; init; } = [];
    /// <summary>Spec fields tree B did not know and that were dropped for its runs.</summary>
    public IReadOnlyList<string> DroppedFieldsB { get; init; } = [];
    public IReadOnlyList<ThreadStudy> ThreadStudies { get; init; } = [];
}

/// <summary>
/// <c>gvm bench trainer</c>: K RL steps of each algorithm from a warm start, every run a <c>gvm train</c> child process
/// whose per-step perf/* metrics are read back (<see cref="StepProfile"/>). With a revision to compare against, that
/// revision is built in a temporary worktree and its runs alternate with this tree's (A B, B A, A B, ...), so both see
/// the same machine load; every claim is then a per-repeat ratio A/B.
/// </summary>
public static partial class TrainerBenchmark
{
    public static async Task<TrainerBenchmarkResult> RunAsync(TrainerBenchmarkOptions options, Action<string> progress,
        CancellationToken cancellationToken = default)
    {
        options.Validate();
        var started = DateTime.UtcNow;
        var work = options.Work;
        Directory.CreateDirectory(work);
        var a = new BenchTree(await RevisionBuild.DescribeHeadAsync(options.RepositoryRoot, cancellationToken).ConfigureAwait(false),
            options.GvmDll, options.RepositoryRoot);
        var firstSpec = JsonNode.Parse(await File.ReadAllTextAsync(options.SpecPath(options.Algorithms[0]), cancellationToken).ConfigureAwait(false))!;
        var threads = options.Threads > 0 ? options.Threads : firstSpec["threads"]?.GetValue<int>() ?? 2;

        var checkpoint = options.Checkpoint is { } c ? options.Resolve(c)
            : await WarmStartAsync(options, a, progress, cancellationToken).ConfigureAwait(false);
        await using var revision = options.CompareTo is { } reference
            ? await RevisionBuild.CreateAsync(options.RepositoryRoot, reference, work, options.KeepWorktree, progress, cancellationToken)
                .ConfigureAwait(false)
            : null;
        var b = revision?.Tree;

        torch.set_num_threads(threads);
        var loadBefore = BenchProcess.LoadAverage();
        var flopsBefore = ModelBenchmark.MatmulFlopsPerSecond(1024, Devices.ComputeDevice.Resolve("cpu"));
        var dropped = new List<string>();
        var profiles = options.Algorithms.ToDictionary(x => x, _ => (A: new List<StepProfile>(), B: new List<StepProfile>()));
        var modelA = new List<double>();
        var modelB = new List<double>();
        for (var r = 0; r < options.Repeats; r++)
        {
            // A B in even repeats, B A in odd ones: a drift in machine load over the session cancels in the median ratio.
            var order = b is null ? new[] { a } : r % 2 == 0 ? new[] { a, b } : new[] { b, a };
            foreach (var algorithm in options.Algorithms)
            {
                foreach (var tree in order)
                {
                    var profile = await RunAsync(options, tree, algorithm, checkpoint, threads, $"r{r + 1}", tree == b ? dropped : null,
                        cancellationToken).ConfigureAwait(false);
                    (tree == a ? profiles[algorithm].A : profiles[algorithm].B).Add(profile);
                    progress($"[{r + 1}/{options.Repeats}] {algorithm.ToName()} on {tree.Label}: {profile.Step:F3} s/step " +
                             $"(generate {profile.GenerateAndScore:F3}, update {profile.UpdatePhase:F3}, presample {profile.Presample:F3}, " +
                             $"gradient norms {profile.GradNorms:F3}), load {BenchProcess.LoadAverage():F1}");
                }
            }
            if (!options.ModelBench) continue;
            foreach (var tree in order)
            {
                var rate = await ModelGenerationAsync(tree, cancellationToken).ConfigureAwait(false);
                (tree == a ? modelA : modelB).Add(rate);
                progress($"[{r + 1}/{options.Repeats}] bench model on {tree.Label}: {rate:N0} generated tokens/s (64 × 64, 2 threads)");
            }
        }

        var studies = new List<ThreadStudy>();
        if (options.ThreadStudy)
        {
            foreach (var algorithm in options.Algorithms)
                studies.Add(await ThreadStudyAsync(options, a, algorithm, checkpoint, progress, cancellationToken).ConfigureAwait(false));
        }

        torch.set_num_threads(threads);
        return new TrainerBenchmarkResult
        {
            Options = options,
            A = a,
            B = b,
            Checkpoint = checkpoint,
            Threads = threads,
            LoadBefore = loadBefore,
            LoadAfter = BenchProcess.LoadAverage(),
            MatmulFlopsBefore = flopsBefore,
            MatmulFlopsAfter = ModelBenchmark.MatmulFlopsPerSecond(1024, Devices.ComputeDevice.Resolve("cpu")),
            WallSeconds = (DateTime.UtcNow - started).TotalSeconds,
            Algorithms = options.Algorithms.Select(x => new AlgorithmProfiles(x, profiles[x].A, profiles[x].B)).ToList(),
            ModelGenerationA = modelA,
            ModelGenerationB = modelB,
            DroppedFieldsB = dropped.Distinct().ToList(),
            ThreadStudies = studies,
        };
    }

    /// <summary>
    /// The warm start: the SFT spec (stopped at <see cref="TrainerBenchmarkOptions.WarmSteps"/> when set), trained once by
    /// this build and cached under the work directory by the hash of the spec, so reruns reuse it.
    /// </summary>
    private static async Task<string> WarmStartAsync(TrainerBenchmarkOptions options, BenchTree tree, Action<string> progress,
        CancellationToken cancellationToken)
    {
        var source = options.SftSpecPath;
        var spec = BenchSpecs.WarmStart(await File.ReadAllTextAsync(source, cancellationToken).ConfigureAwait(false), source, options.WarmSteps);
        var directory = Path.Combine(options.Work, $"warm-start-{BenchSpecs.Hash(spec)}");
        var final = Path.Combine(directory, RunFiles.Final);
        if (File.Exists(Path.Combine(final, "config.json")))
        {
            progress($"reusing the warm start {final}");
            return final;
        }
        var specPath = BenchSpecs.Write(spec, directory + ".json");
        progress($"making the warm start: gvm train --spec {specPath} --out {directory} (once; cached)");
        var result = await BenchProcess.RunAsync("dotnet", [tree.GvmDll, "train", "--spec", specPath, "--out", directory],
            options.RepositoryRoot, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0) throw new InvalidOperationException($"the warm-start SFT run exited {result.ExitCode}: {result.Stderr.Trim()}");
        return final;
    }

    /// <summary>One fresh run of <paramref name="algorithm"/> on <paramref name="tree"/>; unknown spec fields of an older tree are dropped.</summary>
    private static async Task<StepProfile> RunAsync(TrainerBenchmarkOptions options, BenchTree tree, Algorithm algorithm, string checkpoint,
        int threads, string tag, List<string>? dropped, CancellationToken cancellationToken)
    {
        var source = options.SpecPath(algorithm);
        var spec = BenchSpecs.Rl(await File.ReadAllTextAsync(source, cancellationToken).ConfigureAwait(false), source, algorithm, checkpoint,
            options.Steps, threads);
        var directory = Path.Combine(options.Work, "runs", Slug(tree.Label), $"{algorithm.ToName()}-{tag}");
        for (var attempt = 0; ; attempt++)
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            var specPath = BenchSpecs.Write(spec, directory + ".json");
            var result = await BenchProcess.RunAsync("dotnet", [tree.GvmDll, "train", "--spec", specPath, "--out", directory],
                options.RepositoryRoot, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode == 0) return StepProfile.Read(Path.Combine(directory, RunFiles.Metrics), BenchSpecs.PpoEpochs(spec), result.PeakRssBytes);
            var message = result.Stderr + StatusMessage(directory);
            if (result.ExitCode == ExitCodes.InvalidInput && dropped is not null && attempt < 20 &&
                BenchSpecs.UnknownField(message) is { } field && BenchSpecs.Remove(spec, field))
            {
                dropped.Add(field);
                continue;
            }
            throw new InvalidOperationException($"{tree.Label}: gvm train {algorithm.ToName()} exited {result.ExitCode}: {message.Trim()}");
        }
    }

    /// <summary>Generation tokens/s of <c>gvm bench model</c> with the KV cache at 64 prompts × 64 new tokens, 2 threads.</summary>
    private static async Task<double> ModelGenerationAsync(BenchTree tree, CancellationToken cancellationToken)
    {
        var result = await BenchProcess.RunAsync("dotnet",
            [tree.GvmDll, "bench", "model", "--batch", "64", "--new-tokens", "64", "--steps", "0", "--threads", "2"], tree.Root,
            cancellationToken).ConfigureAwait(false);
        var match = KvCacheRow().Match(result.Stdout);
        if (result.ExitCode != 0 || !match.Success)
            throw new InvalidOperationException($"{tree.Label}: gvm bench model exited {result.ExitCode}: {result.Stderr.Trim()}");
        return double.Parse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// One trainer with 1 thread, one with 2 threads, and two trainers with 1 thread each started together; throughput =
    /// steps per second (the pair's: the sum of both), <see cref="TrainerBenchmarkOptions.Repeats"/> times in turn.
    /// </summary>
    private static async Task<ThreadStudy> ThreadStudyAsync(TrainerBenchmarkOptions options, BenchTree tree, Algorithm algorithm,
        string checkpoint, Action<string> progress, CancellationToken cancellationToken)
    {
        var one = new List<double>();
        var two = new List<double>();
        var pair = new List<double>();
        for (var r = 0; r < options.Repeats; r++)
        {
            var p1 = await RunAsync(options, tree, algorithm, checkpoint, 1, $"t1-r{r + 1}", null, cancellationToken).ConfigureAwait(false);
            var p2 = await RunAsync(options, tree, algorithm, checkpoint, 2, $"t2-r{r + 1}", null, cancellationToken).ConfigureAwait(false);
            var both = await Task.WhenAll(
                RunAsync(options, tree, algorithm, checkpoint, 1, $"pair1-r{r + 1}", null, cancellationToken),
                RunAsync(options, tree, algorithm, checkpoint, 1, $"pair2-r{r + 1}", null, cancellationToken)).ConfigureAwait(false);
            one.Add(1 / p1.Step);
            two.Add(1 / p2.Step);
            pair.Add(both.Sum(p => 1 / p.Step));
            progress($"[{r + 1}/{options.Repeats}] threads {algorithm.ToName()}: 1×1 thread {one[^1]:F3} steps/s, 1×2 threads {two[^1]:F3}, " +
                     $"2×1 thread {pair[^1]:F3} (pair), load {BenchProcess.LoadAverage():F1}");
        }
        return new ThreadStudy(algorithm, one, two, pair);
    }

    private static string StatusMessage(string runDirectory) =>
        StatusFile.TryRead(Path.Combine(runDirectory, RunFiles.Status))?.Message is { } message ? " " + message : "";

    private static string Slug(string label) => SlugPattern().Replace(label, "-").Trim('-');

    [GeneratedRegex(@"\| generation tokens/s, KV cache \| ([0-9,]+) \|")]
    private static partial Regex KvCacheRow();

    [GeneratedRegex("[^A-Za-z0-9_.+-]+")]
    private static partial Regex SlugPattern();
}
