using System.Text.Json;
using Gvm.Core.IO;
using Gvm.Reasoning.Tokenizers;
using Gvm.Training.Checkpoints;
using Gvm.Training.Eval;

namespace Gvm.Training.Tests.Eval;

public class MathEvaluatorTests
{
    [Fact]
    public void Tiny_hf_checkpoint_evaluates_math500_end_to_end_on_cpu()
    {
        using var tiny = new TinyHfModel();
        var outDir = Path.Combine(tiny.Directory, "eval");
        var options = new MathEvalOptions { Benchmarks = ["math500"], Samples = 2, MaxNewTokens = 6, BatchSize = 4, Limit = 3, Seed = 7 };
        var sets = new Dictionary<string, IReadOnlyList<MathProblem>>
        {
            ["math500"] = MathBenchmarks.Load("math500", MathBenchmarks.PathOf(RepoPaths.RequireShared("data/benchmarks"), "math500"), options.Limit),
        };
        var tokenizer = Qwen2Tokenizer.Load(tiny.Directory);
        using var model = HfCheckpoint.Load(tiny.Directory);

        var evaluator = new MathEvaluator(model, tokenizer, options);
        var result = evaluator.Run("tiny", sets);
        EvalReport.Write(result, outDir);

        Assert.Equal(6, result.Samples.Count); // 3 problems × 2 samples
        Assert.All(result.Samples, s => Assert.InRange(s.Tokens, 1, 6));
        Assert.Equal("\\left( 3, \\frac{\\pi}{2} \\right)", result.Samples[0].Gold);
        var score = Assert.Single(result.Scores);
        Assert.Equal((3, 2), (score.Problems, score.Samples));
        Assert.InRange(score.MeanAtK, 0, score.PassAtK); // mean@k never exceeds pass@k
        var lines = File.ReadAllLines(Path.Combine(outDir, EvalReport.SamplesFile));
        Assert.Equal(6, lines.Length);
        using (var first = JsonDocument.Parse(lines[0])) Assert.Equal("math500", first.RootElement.GetProperty("benchmark").GetString());
        Assert.Contains("| Model | MATH500 | Average |", File.ReadAllText(Path.Combine(outDir, EvalReport.TableFile)));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, EvalReport.SummaryFile)));
        Assert.Equal(2, summary.RootElement.GetProperty("options").GetProperty("samples").GetInt32());

        // The same seed reproduces the same samples.
        var again = new MathEvaluator(model, tokenizer, options).Run("tiny", sets);
        Assert.Equal(result.Samples.Select(s => s.Response), again.Samples.Select(s => s.Response));
    }

    [Fact]
    public void Prompt_is_the_papers_chat_prompt()
    {
        using var tiny = new TinyHfModel();
        var tokenizer = Qwen2Tokenizer.Load(tiny.Directory);
        using var model = HfCheckpoint.Load(tiny.Directory);
        var ids = new MathEvaluator(model, tokenizer, new MathEvalOptions()).PromptIds("What is 1+1?");
        Assert.Equal(ChatMlTemplate.RenderMathPrompt("What is 1+1?"), tokenizer.Decode(ids));
        Assert.Equal([151_644, 77091, 198], ids[^3..]); // <|im_start|>assistant\n
    }
}
