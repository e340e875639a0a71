using System.Text.Json;
using Gvm.Core.IO;
using Gvm.Core.Runs;
using Gvm.Training.Eval;
using Gvm.Training.Tasks;
using Gvm.Training.Tests.Eval;
using Gvm.Training.Trainer;

namespace Gvm.Training.Tests.Tasks;

/// <summary>The math task inside the shared run loop: resume and the eval metric names (tiny random Qwen2, CPU).</summary>
public class MathTaskRunTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gvm-math-task-").FullName;
    private readonly TinyHfModel _tiny = new();

    public void Dispose()
    {
        _tiny.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private RunSpec Spec(int steps)
    {
        var train = Path.Combine(_root, "train.jsonl");
        var problems = MathBenchmarks.Load("math500", RepoPaths.RequireShared("data/benchmarks/math500.jsonl"), 40)
            .OrderBy(p => p.Problem.Length).Take(6);
        File.WriteAllLines(train, problems.Select(p => JsonSerializer.Serialize(new { problem = p.Problem, answer = p.Answer })));
        return new RunSpec
        {
            Name = "math-resume",
            Algorithm = Algorithm.GvmGrpo,
            Seed = 7,
            Threads = 1,
            Task = new TaskOptions { Kind = "math", TrainPath = train },
            Model = new ModelOptions { Preset = null, Checkpoint = _tiny.Directory },
            Sampling = new SamplingOptions { PromptsPerStep = 2, SamplesPerPrompt = 2, Presamples = 2, MaxNewTokens = 4 },
            Gvm = new GvmOptions { ExplorationFloor = 1 },
            Optim = new OptimOptions { Lr = 1e-2, MiniBatchSize = 4 },
            Schedule = new ScheduleOptions { Steps = steps, StepsPerIteration = 2, EvalEvery = 2, CheckpointEvery = 0 },
            Eval = new EvalOptions { Benchmarks = ["math500", "amc23"], PerLevel = 1, Samples = 2, MaxNewTokens = 4 },
        };
    }

    private static readonly TrainerRunOptions Quiet = new() { HandleSignals = false, Echo = false };

    private static List<Dictionary<string, double>> ReadMetrics(string dir) =>
        File.ReadAllLines(Path.Combine(dir, RunFiles.Metrics))
            .Select(l => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(l)!)
            .Select(d => d.Where(kv => kv.Key != "time" && !kv.Key.StartsWith("perf/", StringComparison.Ordinal) && kv.Key != MetricNames.SecondsCum)
                .ToDictionary(kv => kv.Key, kv => kv.Value.GetDouble()))
            .ToList();

    [Fact]
    public void Kill_and_resume_inside_an_em_iteration_reproduces_the_uninterrupted_run()
    {
        var spec = Spec(steps: 3);
        var straight = Path.Combine(_root, "straight");
        var resumed = Path.Combine(_root, "resumed");
        Assert.Equal(ExitCodes.Success, new TrainerRun(spec, straight, Quiet).Run());
        Assert.Equal(ExitCodes.Interrupted, new TrainerRun(spec, resumed, Quiet with { StopAfterSteps = 1 }).Run());
        Assert.Equal(ExitCodes.Success, new TrainerRun(spec, resumed, Quiet).Run());

        var a = ReadMetrics(straight);
        var b = ReadMetrics(resumed);
        Assert.Equal(a.Count, b.Count);
        for (var i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Keys.Order(), b[i].Keys.Order());
            foreach (var (k, v) in a[i]) Assert.True(v.Equals(b[i][k]), $"line {i} {k}: {v} vs {b[i][k]}");
        }
        Assert.Equal(File.ReadAllLines(Path.Combine(straight, RunFiles.Allocations)), File.ReadAllLines(Path.Combine(resumed, RunFiles.Allocations)));

        var eval = a[0];
        var perBenchmark = new[] { "math500", "amc23" }.Select(n => eval[MetricNames.EvalBenchmark(n) + "/mean_at_k"]).ToArray();
        Assert.Equal(perBenchmark.Average(), eval[MetricNames.EvalAccuracy]);
    }

    [Fact]
    public void An_eval_run_needs_no_train_file_and_repeats_the_step_0_evaluation_with_its_files()
    {
        var train = Spec(steps: 1);
        var trained = Path.Combine(_root, "trained");
        Assert.Equal(ExitCodes.Success, new TrainerRun(train, trained, Quiet).Run());

        var spec = train with { Algorithm = Algorithm.Eval, Task = train.Task with { TrainPath = null } };
        Assert.Empty(spec.Validate());
        var dir = Path.Combine(_root, "eval");
        Assert.Equal(ExitCodes.Success, new TrainerRun(spec, dir, Quiet).Run());

        var metrics = Assert.Single(ReadMetrics(dir));
        var step0 = ReadMetrics(trained)[0];
        foreach (var key in step0.Keys.Where(k => k.EndsWith("/mean_at_k", StringComparison.Ordinal) || k == MetricNames.EvalAccuracy))
            Assert.Equal(step0[key], metrics[key]);
        Assert.InRange(metrics[MetricNames.EvalBenchmark("amc23") + "/pass_at_k"], metrics[MetricNames.EvalBenchmark("amc23") + "/mean_at_k"], 1.0);
        Assert.True(metrics.ContainsKey(MetricNames.EvalBenchmark("math500") + "/maj_at_k"));
        Assert.Equal(2 * 1 * 2, File.ReadAllLines(Path.Combine(dir, RunFiles.Evaluation, EvalReport.SamplesFile)).Length); // benchmarks x problems x k
        Assert.Contains("| Model |", File.ReadAllText(Path.Combine(dir, RunFiles.Evaluation, EvalReport.TableFile)));
        var result = JsonSerializer.Deserialize<RunResult>(File.ReadAllText(Path.Combine(dir, RunFiles.Result)), Gvm.Core.GvmJson.Options)!;
        Assert.Equal(("succeeded", 0), (result.State, result.Steps));
        Assert.False(Directory.Exists(Path.Combine(dir, RunFiles.Final)));
        Assert.False(Directory.Exists(Path.Combine(dir, RunFiles.Checkpoints)));

        var noModel = spec with { Model = new ModelOptions { Preset = "tiny" } };
        Assert.Contains(noModel.Validate(), e => e.Field == "model.checkpoint");
    }

    [Fact]
    public void Unknown_benchmarks_and_a_missing_checkpoint_name_their_field()
    {
        var spec = Spec(steps: 1);
        var e = Assert.Throws<RunSpecException>(() => TrainingTasks.Create(spec with { Eval = spec.Eval with { Benchmarks = ["gsm8k"] } }));
        Assert.Equal("eval.benchmarks", e.Field);
        e = Assert.Throws<RunSpecException>(() => TrainingTasks.Create(spec with { Model = new ModelOptions { Preset = "tiny" } }));
        Assert.Equal("model.checkpoint", e.Field);
    }
}
