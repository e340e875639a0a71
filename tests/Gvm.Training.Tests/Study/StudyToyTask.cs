using Gvm.Core.Runs;
using Gvm.Reasoning.Tasks;
using Gvm.Training.Checkpoints;
using Gvm.Training.Generation;
using Gvm.Training.Model;
using Gvm.Training.Rollout;
using Gvm.Training.Tasks;
using TorchSharp;

namespace Gvm.Training.Tests.Study;

/// <summary>
/// A task whose expected reward has a closed form: the prompt is &lt;bos&gt; and a digit, and a response earns 1 when its
/// first token is one of <see cref="Rewarded"/> (the digit characters 0-7 of the 25-symbol alphabet), so a random
/// micro model earns about 8/25. With one new token the expected reward is Σ_y π(y | x)·r(y), exactly differentiable.
/// Prompt ids are the indices; level = index mod 3 + 1.
/// </summary>
internal sealed class StudyToyTask(RunSpec spec, int trainCount = 64) : ITrainingTask
{
    private readonly CharTokenizer _tokenizer = new();

    public int[] Rewarded => _tokenizer.Encode("01234567");

    public int VocabSize => _tokenizer.VocabSize;

    public int TrainCount => trainCount;

    public int PadTokenId => CharTokenizer.PadId;

    public IReadOnlyList<int> StopTokenIds { get; } = [CharTokenizer.EosId];

    public string Summary => $"study toy, train {trainCount}";

    public Qwen2ForCausalLM CreateModel() => ModelFiles.Create(spec.Model, _tokenizer.VocabSize, spec.Seed);

    public TrainPrompt Prompt(int trainIndex) => new(trainIndex, trainIndex % 3 + 1);

    public int[] Encode(int trainIndex) => [CharTokenizer.BosId, _tokenizer.Encode((trainIndex % 10).ToString(System.Globalization.CultureInfo.InvariantCulture))[0]];

    public RolloutBatch Sample(Qwen2ForCausalLM policy, IReadOnlyList<int> trainIndices, IReadOnlyList<int> counts,
        GenerationOptions options, torch.Generator? generator)
    {
        var rows = trainIndices.SelectMany((index, k) => Enumerable.Repeat(index, counts[k])).ToArray();
        var prompts = rows.Select(Encode).ToArray();
        var result = BatchGenerator.Generate(policy, prompts, options, generator);
        var rewards = result.Tokens.Select(t => t.Length > 0 && Rewarded.Contains(t[0]) ? 1.0 : 0.0).ToArray();
        return new RolloutBatch(rows, rows.Select(i => i % 3 + 1).ToArray(), prompts, result.Tokens.ToArray(), result.LogProbs.ToArray(), rewards);
    }

    public Dictionary<string, double> Evaluate(Qwen2ForCausalLM policy) => new() { [MetricNames.EvalAccuracy] = 0 };

    public void WriteEvaluation(string directory)
    {
    }

    public void SaveFinal(Qwen2ForCausalLM policy, string directory) => ModelFiles.Save(policy, directory, _tokenizer);
}
