using System.CommandLine;
using Gvm.Core.Inputs;
using Gvm.Core.IO;
using Gvm.Reasoning.Tokenizers;
using Gvm.Training.Checkpoints;
using Gvm.Training.Devices;
using Gvm.Training.Eval;
using TorchSharp;

namespace Gvm.Cli.Commands;

/// <summary><c>gvm eval --model DIR ...</c>: mean@k / pass@k / maj@k on the paper's math benchmarks (see docs/real-models.md).</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var command = new Command("eval", "Evaluate a model on math benchmarks");
        var model = new Option<string>("--model") { Description = "Hugging Face model directory (config.json, *.safetensors, tokenizer files)", Required = true };
        var benchmarks = new Option<string>("--benchmarks") { Description = "Comma-separated: " + string.Join(",", MathBenchmarks.Names), DefaultValueFactory = _ => string.Join(",", MathBenchmarks.Names) };
        var samples = new Option<int>("--samples") { Description = "Samples per problem (k)", DefaultValueFactory = _ => 8 };
        var temperature = new Option<double>("--temperature") { DefaultValueFactory = _ => 1.0 };
        var topP = new Option<double>("--top-p") { DefaultValueFactory = _ => 1.0 };
        var maxNew = new Option<int>("--max-new-tokens") { DefaultValueFactory = _ => 3072 };
        var batch = new Option<int>("--batch-size") { Description = "Sequences generated together", DefaultValueFactory = _ => 16 };
        var limit = new Option<int>("--limit") { Description = "At most N problems per benchmark (0 = all)", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1234 };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto (bf16 on CUDA)", DefaultValueFactory = _ => "auto" };
        var dtype = new Option<string?>("--dtype")
        {
            Description = "Weights dtype: " + string.Join(", ", ComputeDevice.DtypeNames) + " (default: bfloat16 on CUDA, float32 on CPU)",
        };
        var threads = new Option<int>("--threads") { Description = "CPU threads for torch (0 = torch default)", DefaultValueFactory = _ => 0 };
        var data = new Option<string?>("--data") { Description = "Directory of the benchmark .jsonl files (default: shared/data/benchmarks)" };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "Tokenizer directory when the model directory has no tokenizer files" };
        var output = new Option<string>("--out") { Description = "Output directory (samples.jsonl, summary.json, table1.md)", DefaultValueFactory = _ => "eval-out" };
        foreach (var o in new Option[] { model, benchmarks, samples, temperature, topP, maxNew, batch, limit, seed, device, dtype, threads, data, tokenizer, output })
            command.Options.Add(o);

        command.SetAction((parse, ct) =>
        {
            try
            {
                // Device and dtype first: a bad --device/--dtype fails before any data or weights are read.
                var placement = ComputeDevice.Resolve(parse.GetValue(device)!);
                if (parse.GetValue(dtype) is { } dtypeName)
                    placement = placement with
                    {
                        Dtype = ComputeDevice.ParseDtype(dtypeName)
                            ?? throw new ArgumentException($"--dtype: unknown dtype '{dtypeName}'; supported: {string.Join(", ", ComputeDevice.DtypeNames)}"),
                    };
                var options = new MathEvalOptions
                {
                    Benchmarks = parse.GetValue(benchmarks)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    Samples = parse.GetValue(samples), Temperature = parse.GetValue(temperature), TopP = parse.GetValue(topP),
                    MaxNewTokens = parse.GetValue(maxNew), BatchSize = parse.GetValue(batch), Limit = parse.GetValue(limit), Seed = parse.GetValue(seed),
                }.Validate();
                InputFiles.CheckOutputDirectory(parse.GetValue(output)!, "--out");
                var dataDir = parse.GetValue(data) ?? RepoPaths.RequireShared("data/benchmarks");
                var sets = options.Benchmarks.ToDictionary(b => b, b => MathBenchmarks.Load(b, MathBenchmarks.PathOf(dataDir, b), options.Limit));
                if (parse.GetValue(threads) > 0) torch.set_num_threads(parse.GetValue(threads));
                var modelDir = parse.GetValue(model)!;
                var tok = Qwen2Tokenizer.Load(parse.GetValue(tokenizer) ?? modelDir);
                using var policy = HfCheckpoint.Load(modelDir, placement);
                var result = new MathEvaluator(policy, tok, options).Run(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelDir))), sets,
                    line => Console.Error.WriteLine(line), ct);
                EvalReport.Write(result, parse.GetValue(output)!);
                Console.Write(EvalReport.ToMarkdown(result));
                return Task.FromResult(0);
            }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or DirectoryNotFoundException or InvalidOperationException)
            {
                // Option values checked by the evaluator's own Validate() and files its loaders open: bad input at this boundary.
                throw new InputException(null, 0, null, e.Message, e);
            }
        });
        return command;
    }
}
