using System.CommandLine;
using Gvm.Core.Runs;
using Gvm.Training.Benchmarks;

namespace Gvm.Cli.Commands.Bench;

/// <summary>
/// <c>gvm bench trainer</c>: seconds per RL step by phase for each algorithm, optionally side by side with a git
/// revision (<c>--compare-to REF</c>); logic in Gvm.Training.Benchmarks.TrainerBenchmark.
/// </summary>
internal static class BenchTrainerCommand
{
    public static Command Create()
    {
        var defaults = new TrainerBenchmarkOptions();
        var spec = new Option<string?>("--spec") { Description = "One RL spec for every algorithm (default: experiments/specs/smoke-{algorithm}.json)" };
        var steps = new Option<int>("--steps") { Description = "RL steps per run", DefaultValueFactory = _ => defaults.Steps };
        var repeats = new Option<int>("--repeats") { Description = "Runs per algorithm and tree (alternating with --compare-to)", DefaultValueFactory = _ => defaults.Repeats };
        var threads = new Option<int>("--threads") { Description = "Torch threads of every run (0 = the spec's)", DefaultValueFactory = _ => 0 };
        var algorithms = new Option<string?>("--algorithms") { Description = "Comma-separated subset of raft_pp,gvm_raft_pp,grpo,gvm_grpo" };
        var compareTo = new Option<string?>("--compare-to") { Description = "Git revision to build in a temporary worktree and measure side by side" };
        var keep = new Option<bool>("--keep-worktree") { Description = "Keep the revision's worktree and build for the next invocation" };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Warm-start checkpoint directory (default: made from the SFT spec, cached)" };
        var sftSpec = new Option<string?>("--sft-spec") { Description = "SFT spec of the warm start (default experiments/specs/smoke-sft.json)" };
        var warmSteps = new Option<int>("--warm-steps") { Description = "SFT steps of the warm start (0 = the spec's stop_at_step)", DefaultValueFactory = _ => 0 };
        var noModel = new Option<bool>("--no-model-bench") { Description = "Skip gvm bench model (64 × 64) in each tree" };
        var threadStudy = new Option<bool>("--thread-study") { Description = "Also measure 1 trainer × 2 threads against 2 trainers × 1 thread" };
        var work = new Option<string?>("--work-dir") { Description = "Warm start, revisions and run directories (default artifacts/bench-trainer)" };

        var command = new Command("trainer", "Seconds per RL step by phase (presample, gradient norms, allocate, generate, score, log-probs, update)");
        foreach (var o in new Option[] { spec, steps, repeats, threads, algorithms, compareTo, keep, checkpoint, sftSpec, warmSteps, noModel, threadStudy, work })
            command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            TrainerBenchmarkOptions options;
            try
            {
                options = (defaults with
                {
                    GvmDll = typeof(BenchTrainerCommand).Assembly.Location,
                    Spec = parse.GetValue(spec),
                    Steps = parse.GetValue(steps),
                    Repeats = parse.GetValue(repeats),
                    Threads = parse.GetValue(threads),
                    Algorithms = ParseAlgorithms(parse.GetValue(algorithms)),
                    CompareTo = parse.GetValue(compareTo),
                    KeepWorktree = parse.GetValue(keep),
                    Checkpoint = parse.GetValue(checkpoint),
                    SftSpec = parse.GetValue(sftSpec),
                    WarmSteps = parse.GetValue(warmSteps),
                    ModelBench = !parse.GetValue(noModel),
                    ThreadStudy = parse.GetValue(threadStudy),
                    WorkDirectory = parse.GetValue(work),
                }).Validate();
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"gvm bench trainer: {e.Message}");
                return ExitCodes.InvalidInput;
            }
            try
            {
                var result = await TrainerBenchmark.RunAsync(options, m => Console.Error.WriteLine($"bench trainer: {m}"), ct).ConfigureAwait(false);
                Console.Write(TrainerBenchmarkReport.ToMarkdown(result));
                return 0;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"gvm bench trainer: {e.Message}");
                return ExitCodes.InvalidInput;
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"gvm bench trainer: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static IReadOnlyList<Algorithm> ParseAlgorithms(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return TrainerBenchmarkOptions.DefaultAlgorithms;
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => AlgorithmNames.TryParse(t, out var a) ? a : throw new ArgumentException($"unknown algorithm '{t}'", "--algorithms"))
            .ToList();
    }
}
