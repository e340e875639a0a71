using System.Text.Json;
using Gvm.Core;
using Gvm.Core.IO;
using Gvm.Core.Runs;
using Gvm.Training.Checkpoints;
using Gvm.Training.Eval;
using Gvm.Training.Model;

namespace Gvm.Cli.Tests.Commands;

/// <summary>
/// <c>gvm train</c> with <c>task.kind: math</c> end to end on CPU: a tiny random Qwen2 in Hugging Face layout (the real
/// 151,936-row vocabulary, hidden size 16, 1 layer, tied embeddings) with the real tokenizer files, GVM-GRPO on the
/// shortest MATH-500 prompts for 2 steps, evaluated on 2 MATH-500 problems. A random model never earns the strict
/// grader's reward, so this checks the run-directory contract, not learning.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class TrainMathCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gvm-train-math-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string TinyCheckpoint()
    {
        var dir = Path.Combine(_root, "tiny-qwen2");
        var config = new Qwen2Config
        {
            VocabSize = 151_936, HiddenSize = 16, IntermediateSize = 32, NumHiddenLayers = 1, NumAttentionHeads = 2,
            NumKeyValueHeads = 1, TieWordEmbeddings = true, MaxPositionEmbeddings = 1024, BosTokenId = 151_643, EosTokenId = 151_643,
        };
        using (var model = Qwen2ForCausalLM.Create(config, 3)) HfCheckpoint.Save(model, dir);
        var tokenizer = RepoPaths.RequireShared("data/tokenizers/qwen2");
        foreach (var file in new[] { "vocab.json", "merges.txt" }) File.Copy(Path.Combine(tokenizer, file), Path.Combine(dir, file));
        return dir;
    }

    /// <summary>The shortest MATH-500 problems: the output layer over prompt positions dominates a CPU step.</summary>
    private string TrainFile(int count)
    {
        var path = Path.Combine(_root, "train.jsonl");
        var problems = MathBenchmarks.Load("math500", RepoPaths.RequireShared("data/benchmarks/math500.jsonl"), 40)
            .OrderBy(p => p.Problem.Length).Take(count);
        File.WriteAllLines(path, problems.Select(p => JsonSerializer.Serialize(new { problem = p.Problem, answer = p.Answer })));
        return path;
    }

    private RunSpec Spec() => new()
    {
        Name = "math-smoke",
        Algorithm = Algorithm.GvmGrpo,
        Seed = 5,
        Threads = 1,
        Task = new TaskOptions { Kind = "math", TrainPath = TrainFile(4) },
        Model = new ModelOptions { Preset = null, Checkpoint = TinyCheckpoint() },
        Sampling = new SamplingOptions { PromptsPerStep = 2, SamplesPerPrompt = 2, Presamples = 2, MaxNewTokens = 4 },
        Gvm = new GvmOptions { ExplorationFloor = 1 },
        Optim = new OptimOptions { Lr = 1e-2, MiniBatchSize = 4 },
        Schedule = new ScheduleOptions { Steps = 2, StepsPerIteration = 1, EvalEvery = 0, CheckpointEvery = 1 },
        Eval = new EvalOptions { Benchmarks = ["math500"], PerLevel = 2, Samples = 1, MaxNewTokens = 4 },
    };

    private async Task<int> TrainAsync(RunSpec spec, string runDir)
    {
        var specPath = Path.Combine(_root, "spec.json");
        await File.WriteAllTextAsync(specPath, spec.ToJson());
        var previous = Console.Error;
        Console.SetError(new StringWriter());
        try
        {
            return await GvmApp.RunAsync(["train", "--spec", specPath, "--out", runDir]);
        }
        finally
        {
            Console.SetError(previous);
        }
    }

    private static List<Dictionary<string, JsonElement>> Metrics(string runDir) =>
        File.ReadAllLines(Path.Combine(runDir, RunFiles.Metrics)).Select(l => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(l)!).ToList();

    [Fact]
    public async Task Gvm_grpo_on_math500_prompts_writes_the_run_directory_contract()
    {
        var run = Path.Combine(_root, "run");
        Assert.Equal(ExitCodes.Success, await TrainAsync(Spec(), run));

        var status = JsonSerializer.Deserialize<RunStatus>(File.ReadAllText(Path.Combine(run, RunFiles.Status)), GvmJson.Options)!;
        Assert.Equal(("succeeded", 2, 2), (status.State, status.Step, status.TotalSteps));
        var result = JsonSerializer.Deserialize<RunResult>(File.ReadAllText(Path.Combine(run, RunFiles.Result)), GvmJson.Options)!;
        Assert.Equal(("succeeded", 2), (result.State, result.Steps));
        var benchmark = MetricNames.EvalBenchmark("math500") + "/mean_at_k";
        Assert.Equal(result.Metrics[benchmark], result.Metrics[MetricNames.EvalAccuracy]);

        var lines = Metrics(run);
        Assert.Equal([0, 1, 2], lines.Select(l => l[MetricNames.Step].GetInt32()));
        Assert.True(lines[0].ContainsKey(benchmark) && lines[0].ContainsKey(MetricNames.EvalAccuracy), "step 0 is evaluated before any update");
        Assert.True(lines[2].ContainsKey(benchmark), "the last step is evaluated");
        foreach (var line in lines.Skip(1))
        {
            foreach (var name in new[]
            {
                MetricNames.RewardMean, MetricNames.AcceptRate, MetricNames.SamplesStage1, MetricNames.SamplesStage2, MetricNames.SamplesTotalCum,
                MetricNames.Loss, MetricNames.Kl, MetricNames.Entropy, MetricNames.GradNorm, MetricNames.Lr, MetricNames.AllocGini,
                MetricNames.VarianceRatioPred, MetricNames.OptimizerUpdatesCum, MetricNames.RolloutsCum, MetricNames.TokensGeneratedCum,
                MetricNames.SecondsCum,
            })
                Assert.True(line.ContainsKey(name), $"step {line[MetricNames.Step]} misses {name}");
            Assert.Equal(4, line[MetricNames.SamplesStage1].GetDouble()); // 2 prompts × N' = 2, one EM iteration per step
            Assert.All(line.Values, v => Assert.True(v.ValueKind != JsonValueKind.Number || double.IsFinite(v.GetDouble())));
        }

        // 2 prompts per EM iteration × 2 iterations; prompt ids are train-file row numbers.
        var allocations = File.ReadAllLines(Path.Combine(run, RunFiles.Allocations)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, allocations.Count);
        Assert.All(allocations, a => Assert.InRange(a.GetProperty("prompt_id").GetInt32(), 0, 3));

        Assert.Equal("step_000002", File.ReadAllText(Path.Combine(run, RunFiles.Checkpoints, "latest")).Trim());
        foreach (var file in new[] { "config.json", "model.safetensors", "vocab.json", "merges.txt" })
            Assert.True(File.Exists(Path.Combine(run, RunFiles.Final, file)), $"final/ misses {file}");
        Assert.True(File.Exists(Path.Combine(run, RunFiles.Spec)));
        Assert.True(File.Exists(Path.Combine(run, RunFiles.Log)));
    }

    [Fact]
    public async Task Gvm_eval_scores_the_trained_final_directory_and_writes_its_files()
    {
        var run = Path.Combine(_root, "run");
        Assert.Equal(ExitCodes.Success, await TrainAsync(Spec(), run));
        var output = Path.Combine(_root, "eval");
        var stdout = new StringWriter();
        var (previousOut, previousError) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(new StringWriter());
        int code;
        try
        {
            // final/ carries the tokenizer files, so no --tokenizer is needed.
            code = await GvmApp.RunAsync(["eval", "--model", Path.Combine(run, RunFiles.Final), "--benchmarks", "math500,amc23",
                "--samples", "2", "--limit", "2", "--max-new-tokens", "4", "--temperature", "1.0", "--device", "cpu", "--out", output]);
        }
        finally
        {
            Console.SetOut(previousOut);
            Console.SetError(previousError);
        }
        Assert.Equal(0, code);

        var samples = File.ReadAllLines(Path.Combine(output, EvalReport.SamplesFile));
        Assert.Equal(2 * 2 * 2, samples.Length); // benchmarks × problems × k
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, EvalReport.SummaryFile)));
        var scores = summary.RootElement.GetProperty("scores").EnumerateArray().ToList();
        Assert.Equal(["math500", "amc23"], scores.Select(x => x.GetProperty("benchmark").GetString()));
        foreach (var score in scores)
            Assert.InRange(score.GetProperty("mean_at_k").GetDouble(), 0, score.GetProperty("pass_at_k").GetDouble());
        Assert.Contains("| Model | MATH500 | AMC23 | Average |", File.ReadAllText(Path.Combine(output, EvalReport.TableFile)));
        Assert.Contains("| Model | MATH500 | AMC23 | Average |", stdout.ToString());
    }

    [Fact]
    public async Task Sft_and_a_missing_train_file_exit_2_naming_the_field()
    {
        var spec = Spec();
        Assert.Equal(ExitCodes.InvalidInput, await TrainAsync(spec with { Algorithm = Algorithm.Sft }, Path.Combine(_root, "sft")));
        Assert.Contains("algorithm", File.ReadAllText(Path.Combine(_root, "sft", RunFiles.Status)));
        var missing = spec with { Task = spec.Task with { TrainPath = Path.Combine(_root, "nope.jsonl") } };
        Assert.Equal(ExitCodes.InvalidInput, await TrainAsync(missing, Path.Combine(_root, "missing")));
        Assert.Contains("task.train_path", File.ReadAllText(Path.Combine(_root, "missing", RunFiles.Status)));
    }
}
