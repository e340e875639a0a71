using System.Text.Json.Serialization;
using Gvm.Core.IO;
using Gvm.Core.Runs;
using Gvm.Reasoning.Tokenizers;
using Gvm.Training.Checkpoints;
using Gvm.Training.Eval;
using Gvm.Training.Real;
using Gvm.Training.Tests.Eval;
using Parquet.Serialization;
using static TorchSharp.torch;

namespace Gvm.Training.Tests.Real;

public class MathRlTrainerTests
{
    private static readonly MathRlOptions Short = new()
    {
        Algorithm = Algorithm.GvmGrpo, Steps = 2, PromptsPerStep = 2, SamplesPerPrompt = 2, Presamples = 2, MaxNewTokens = 4, Lr = 1e-2, Seed = 11,
    };

    /// <summary>The shortest of the first 40 MATH-500 problems: the 151,936-way output layer over prompt + response
    /// positions dominates the cost of a step on CPU, so short prompts keep the test at a few seconds.</summary>
    private static IReadOnlyList<MathProblem> Math500(int n) =>
        MathBenchmarks.Load("math500", RepoPaths.RequireShared("data/benchmarks/math500.jsonl"), 40)
            .OrderBy(p => p.Problem.Length).Take(n).Select((p, i) => p with { Index = i }).ToList();

    [Fact]
    public void Gvm_grpo_runs_end_to_end_on_math500_prompts_with_the_answer_grader()
    {
        using var tiny = new TinyHfModel();
        using var policy = HfCheckpoint.Load(tiny.Directory);
        var trainer = new MathRlTrainer(policy, Qwen2Tokenizer.Load(tiny.Directory), Math500(6), Short);
        var history = trainer.Run();
        Assert.Equal(2, history.Count);
        foreach (var m in history)
        {
            Assert.Equal(4, m[MetricNames.SamplesStage1]); // 2 prompts × 2 presamples
            Assert.InRange(m[MetricNames.SamplesStage2], 1, 4); // the exploration floor keeps p = 0 prompts sampled
            Assert.All(m.Values, v => Assert.True(double.IsFinite(v)));
        }
    }

    [Fact]
    public void Varying_rewards_move_the_policy()
    {
        using var tiny = new TinyHfModel();
        using var policy = HfCheckpoint.Load(tiny.Directory);
        var before = policy.EmbedTokensWeight.detach().clone();
        // A stand-in reward that varies between samples of one prompt (a random model never solves MATH-500), so that
        // GRPO advantages are non-zero and presampling sees p > 0 and gradient norms G > 0.
        var trainer = new MathRlTrainer(policy, Qwen2Tokenizer.Load(tiny.Directory), Math500(4), Short with { Steps = 1 },
            reward: (response, _) => response.Length % 2);
        var history = trainer.Run();
        Assert.Contains(history, m => m["train/updates"] > 0);
        Assert.True(policy.EmbedTokensWeight.detach().sub(before).abs().max().item<float>() > 0);
        before.Dispose();
    }

    [Fact]
    public async Task Parquet_and_json_lines_train_files_load_problem_and_answer()
    {
        var dir = Directory.CreateTempSubdirectory("gvm-math-data-").FullName;
        try
        {
            var parquet = Path.Combine(dir, "train.parquet");
            await using (var stream = File.Create(parquet))
                await ParquetSerializer.SerializeAsync(new[] { new Row { Problem = "1+1?", Answer = "2" }, new Row { Problem = "2+2?", Answer = "4" } }, stream);
            var rows = await MathTrainData.LoadAsync(parquet);
            Assert.Equal([("1+1?", "2"), ("2+2?", "4")], rows.Select(r => (r.Problem, r.Answer)));
            var jsonl = Path.Combine(dir, "train.jsonl");
            await File.WriteAllTextAsync(jsonl, "{\"problem\": \"p\", \"answer\": 3.0}\n");
            Assert.Equal("3.0", Assert.Single(await MathTrainData.LoadAsync(jsonl)).Answer);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Shards_cover_the_data_once_per_pass()
    {
        var firstPass = Enumerable.Range(0, 5).SelectMany(i => MathTrainData.Shard(10, i, 2, seed: 3)).ToList();
        Assert.Equal(Enumerable.Range(0, 10), firstPass.Order());
        Assert.Equal(MathTrainData.Shard(10, 7, 2, 3), MathTrainData.Shard(10, 7, 2, 3));
    }

    private sealed class Row
    {
        [JsonPropertyName("problem")] public string? Problem { get; set; }
        [JsonPropertyName("answer")] public string? Answer { get; set; }
    }
}
