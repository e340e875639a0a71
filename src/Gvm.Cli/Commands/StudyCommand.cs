using System.CommandLine;
using System.Diagnostics;
using Gvm.Core.Runs;
using Gvm.Reasoning.Tokenizers;
using Gvm.Training.Checkpoints;
using Gvm.Training.Devices;
using Gvm.Training.Model;
using Gvm.Training.Study;
using Gvm.Training.Tasks;
using Spectre.Console;
using TorchSharp;

namespace Gvm.Cli.Commands;

/// <summary>
/// <c>gvm study variance --checkpoint DIR --spec RUN_SPEC.json --out OUT_DIR</c>: measures, at a checkpoint, whether the
/// GVM allocation lowers the variance of one step's gradient (docs/trainer.md, "Measuring the variance claim").
/// </summary>
internal static class StudyCommand
{
    public static Command Create()
    {
        var command = new Command("study", "Measurements at a checkpoint");
        command.Subcommands.Add(Variance());
        command.Subcommands.Add(StudyRewardsCommand.Create());
        return command;
    }

    private static Command Variance()
    {
        var command = new Command("variance", "Gradient variance of RAFT++/GRPO, uniform vs GVM allocation, against a reference gradient");
        var checkpoint = new Option<string>("--checkpoint") { Description = "Model directory (a run's final/ or checkpoints/step_*)", Required = true };
        var spec = new Option<string>("--spec") { Description = $"RL run spec ({Algorithms.RlNames(", ")} or variance_study): task, sampling, gvm and loss settings", Required = true };
        var output = new Option<string>("--out") { Description = "Output directory (study.json, study.md, PNG plots)", Required = true };
        var d = new StudyOptions();
        var shards = new Option<int>("--shards") { Description = "Disjoint shards of train prompts", DefaultValueFactory = _ => d.Shards };
        var prompts = new Option<int>("--prompts") { Description = "Train prompts per shard", DefaultValueFactory = _ => d.Prompts };
        var referenceSamples = new Option<int>("--reference-samples") { Description = "Responses per prompt for the reference gradient (even)", DefaultValueFactory = _ => d.ReferenceSamples };
        var repeats = new Option<int>("--repeats") { Description = "Draws per estimator and shard", DefaultValueFactory = _ => d.Repeats };
        var seed = new Option<int>("--seed") { Description = "Seeds the shards (data order) and every draw", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Torch CPU threads (0 = the spec's threads)", DefaultValueFactory = _ => 0 };
        var microBatch = new Option<int>("--micro-batch") { Description = "Sequences per forward/backward (memory only)", DefaultValueFactory = _ => new VarianceStudyOptions().MicroBatch };
        foreach (var o in new Option[] { checkpoint, spec, output, shards, prompts, referenceSamples, repeats, seed, threads, microBatch })
            command.Options.Add(o);
        command.SetAction((parse, ct) => Task.Run(() => Run(parse.GetValue(checkpoint)!, parse.GetValue(spec)!, parse.GetValue(output)!,
            new VarianceStudyOptions
            {
                Shards = parse.GetValue(shards), Prompts = parse.GetValue(prompts), ReferenceSamples = parse.GetValue(referenceSamples),
                Repeats = parse.GetValue(repeats), Seed = parse.GetValue(seed), MicroBatch = parse.GetValue(microBatch),
            }, parse.GetValue(threads), ct), ct));
        return command;
    }

    private static int Run(string checkpointDir, string specPath, string outDir, VarianceStudyOptions options, int threads, CancellationToken ct)
    {
        try
        {
            var spec = LoadSpec(specPath, checkpointDir);
            if (threads < 0) throw new StudyInputException("--threads", "must be >= 0 (0 = the spec's threads)");
            var task = TrainingTasks.Create(spec, Path.GetFullPath(specPath));
            Validate(options, task.TrainCount);
            var device = ComputeDevice.ForSpec(spec.Model, Path.GetFullPath(specPath));
            torch.set_num_threads(threads > 0 ? threads : spec.Threads);
            torch.manual_seed(options.Seed);
            using var policy = Place(device, task.CreateModel());
            var watch = Stopwatch.StartNew();
            var store = new StudyShardStore(Path.Combine(Path.GetFullPath(outDir), StudyShardStore.Directory), StudyShardStore.Fingerprint(spec, options));
            var result = WithProgress(report => new VarianceStudy(spec, task, policy, options).Run(report, ct, store));
            var rerun = $"gvm study variance --checkpoint {spec.Model.Checkpoint} --spec {Path.GetFullPath(specPath)} --out {Path.GetFullPath(outDir)} " +
                        $"--shards {options.Shards} --prompts {options.Prompts} --reference-samples {options.ReferenceSamples} --repeats {options.Repeats} --seed {options.Seed}";
            var files = StudyReport.Write(result, Path.GetFullPath(outDir), rerun);
            Console.WriteLine(StudyVerdict.Write(result));
            Console.WriteLine();
            Console.WriteLine($"{files.Count} files in {Path.GetFullPath(outDir)} ({StudyReport.MarkdownFile}, {StudyReport.JsonFile}, plots); {watch.Elapsed.TotalSeconds:F0} s");
            return ExitCodes.Success;
        }
        catch (StudyInputException e)
        {
            Console.Error.WriteLine($"gvm study variance: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (Exception e) when (e is RunSpecException or CheckpointException or FileNotFoundException or DirectoryNotFoundException
                                      or InvalidDataException or JsonLinesInputException or TokenizerFormatException)
        {
            Console.Error.WriteLine($"gvm study variance: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("gvm study variance: interrupted; finished shards are kept in OUT_DIR/shards and the same command resumes");
            return ExitCodes.Interrupted;
        }
    }

    /// <summary>The spec with model.checkpoint = <paramref name="checkpointDir"/>; it must be an RL (or variance_study) spec.</summary>
    private static RunSpec LoadSpec(string specPath, string checkpointDir)
    {
        var full = Path.GetFullPath(specPath);
        if (!File.Exists(full)) throw new StudyInputException("--spec", $"file not found: {full}");
        var checkpoint = Path.GetFullPath(checkpointDir);
        if (!Directory.Exists(checkpoint)) throw new StudyInputException("--checkpoint", $"directory not found: {checkpoint}");
        var spec = RunSpec.Load(full).EnsureValid(full);
        if (!spec.Algorithm.IsRl() && spec.Algorithm != Algorithm.VarianceStudy)
            throw new StudyInputException("--spec", $"{full}: algorithm '{spec.Algorithm.ToName()}' is not RL; the study needs the sampling, " +
                $"GVM and loss settings of an RL spec ({Algorithms.RlNames(", ")}) or a variance_study spec");
        return (spec with { Model = spec.Model with { Checkpoint = checkpoint } }).EnsureValid(full + " (with --checkpoint)");
    }

    /// <summary>The options' checks with the command's option names in the message (study.shards → --shards).</summary>
    private static void Validate(VarianceStudyOptions options, int trainCount)
    {
        try
        {
            options.Validate(trainCount);
        }
        catch (StudyInputException e)
        {
            var option = e.Field switch
            {
                "study.shards" when (long)options.Shards * options.Prompts > trainCount && options.Shards >= 1 && options.Prompts >= 1 => "--shards × --prompts",
                "study.shards" => "--shards",
                "study.prompts" => "--prompts",
                "study.reference_samples" => "--reference-samples",
                "study.repeats" => "--repeats",
                "study.micro_batch" => "--micro-batch",
                "seed" => "--seed",
                _ => e.Field,
            };
            throw new StudyInputException(option, e.Message[(e.Field.Length + 2)..]);
        }
    }

    private static Qwen2ForCausalLM Place(ComputeDevice device, Qwen2ForCausalLM model)
    {
        if (!device.IsCuda && device.Dtype == torch.ScalarType.Float32) return model;
        try
        {
            return device.Place(model);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>A Spectre.Console progress bar on stderr when it is a terminal; otherwise a plain line at most every 10 s.</summary>
    private static StudyResult WithProgress(Func<Action<StudyProgress>, StudyResult> run)
    {
        if (!Console.IsErrorRedirected)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            return console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("variance study");
                    return run(p =>
                    {
                        task.MaxValue = p.Total;
                        task.Value = p.Done;
                        task.Description = Markup.Escape(p.Description);
                    });
                });
        }
        var clock = Stopwatch.StartNew();
        var last = double.NegativeInfinity;
        return run(p =>
        {
            if (clock.Elapsed.TotalSeconds - last < 10 && p.Done != p.Total) return;
            last = clock.Elapsed.TotalSeconds;
            Console.Error.WriteLine($"study: {p.Done}/{p.Total} {p.Description} ({clock.Elapsed.TotalSeconds:F0} s)");
        });
    }
}
