using System.CommandLine;
using Gvm.Training.Benchmarks;

namespace Gvm.Cli.Commands.Bench;

/// <summary><c>gvm bench model</c>: prints the policy model's throughput and memory table (logic in Gvm.Training.Benchmarks).</summary>
internal static class BenchModelCommand
{
    public static Command Create()
    {
        var defaults = new ModelBenchmarkOptions();
        var preset = new Option<string>("--preset") { Description = "Model preset: tiny or micro", DefaultValueFactory = _ => defaults.Preset };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto", DefaultValueFactory = _ => defaults.Device };
        var threads = new Option<int>("--threads") { Description = "torch.set_num_threads", DefaultValueFactory = _ => defaults.Threads };
        var steps = new Option<int>("--steps") { Description = "Generate+train iterations of the resident-memory check (0 = skip)", DefaultValueFactory = _ => defaults.MemorySteps };
        var batch = new Option<int>("--batch") { Description = "Prompts per generation batch", DefaultValueFactory = _ => defaults.GenerationBatch };
        var newTokens = new Option<int>("--new-tokens") { Description = "New tokens per prompt", DefaultValueFactory = _ => defaults.NewTokens };
        var trainBatch = new Option<int>("--train-batch") { Description = "Sequences per training step", DefaultValueFactory = _ => defaults.TrainBatch };
        var trainLength = new Option<int>("--train-length") { Description = "Tokens per training sequence", DefaultValueFactory = _ => defaults.TrainSequenceLength };

        var command = new Command("model", "Generation and training throughput of the tiny policy");
        foreach (var o in new Option[] { preset, device, threads, steps, batch, newTokens, trainBatch, trainLength }) command.Options.Add(o);
        command.SetAction((parse, ct) =>
        {
            var options = defaults with
            {
                Preset = parse.GetValue(preset)!,
                Device = parse.GetValue(device)!,
                Threads = parse.GetValue(threads),
                MemorySteps = parse.GetValue(steps),
                GenerationBatch = parse.GetValue(batch),
                NewTokens = parse.GetValue(newTokens),
                TrainBatch = parse.GetValue(trainBatch),
                TrainSequenceLength = parse.GetValue(trainLength),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"gvm bench model: {e.Message}");
                return Task.FromResult(2);
            }
            var rows = ModelBenchmark.Run(options, message => Console.Error.WriteLine($"bench model: {message}..."), ct);
            Console.WriteLine(ModelBenchmark.ToMarkdown(rows));
            return Task.FromResult(0);
        });
        return command;
    }
}
