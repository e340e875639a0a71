using Gvm.Core.Runs;
using Gvm.Reasoning.Tasks;
using Gvm.Training.Checkpoints;
using Gvm.Training.Generation;
using Gvm.Training.Model;
using Gvm.Training.Rollout;
using Gvm.Training.Tasks;
using TorchSharp;

namespace Gvm.Training.Tests.Rl;

/// <summary>
/// A task whose reward an RL algorithm learns in a few steps if its plumbing works: the prompt is &lt;bos&gt; and a
/// random digit, and a response earns 1 when its first token is <see cref="Target"/> (a random model says it about 1
/// time in 25). Prompt ids are the indices 0..<see cref="TrainCount"/>-1; levels are 0.
/// </summary>
internal sealed class CanaryTask(RunSpec spec, int trainCount = 512) : ITrainingTask
{
    private readonly CharTokenizer _tokenizer = new();

    /// <summary>The rewarded first token: the character '7'.</summary>
    public int Target => _tokenizer.Encode("7")[0];

    public int TrainCount => trainCount;

    public int PadTokenId => CharTokenizer.PadId;

    public IReadOnlyList<int> StopTokenIds { get; } = [CharTokenizer.EosId];

    public string Summary => $"canary, train {trainCount}";

    public Qwen2ForCausalLM CreateModel() => ModelFiles.Create(spec.Model, _tokenizer.VocabSize, spec.Seed);

    public TrainPrompt Prompt(int trainIndex) => new(trainIndex, 0);

    public int[] Encode(int trainIndex) => [CharTokenizer.BosId, _tokenizer.Encode((trainIndex % 10).ToString(System.Globalization.CultureInfo.InvariantCulture))[0]];

    public RolloutBatch Sample(Qwen2ForCausalLM policy, IReadOnlyList<int> trainIndices, IReadOnlyList<int> counts,
        GenerationOptions options, torch.Generator? generator)
    {
        var rows = trainIndices.SelectMany((index, k) => Enumerable.Repeat(index, counts[k])).ToArray();
        var prompts = rows.Select(Encode).ToArray();
        var result = BatchGenerator.Generate(policy, prompts, options, generator);
        var rewards = result.Tokens.Select(t => t.Length > 0 && t[0] == Target ? 1.0 : 0.0).ToArray();
        return new RolloutBatch(rows, new int[rows.Length], prompts, result.Tokens.ToArray(), result.LogProbs.ToArray(), rewards);
    }

    public Dictionary<string, double> Evaluate(Qwen2ForCausalLM policy) => new() { [MetricNames.EvalAccuracy] = 0 };

    public void WriteEvaluation(string directory)
    {
    }

    public void SaveFinal(Qwen2ForCausalLM policy, string directory)
    {
    }
}
