using Gvm.Core.Runs;
using Gvm.Reasoning.Tasks;
using Gvm.Training.Checkpoints;
using Gvm.Training.Eval;
using Gvm.Training.Generation;
using Gvm.Training.Model;
using Gvm.Training.Rewards;
using Gvm.Training.Rollout;
using TorchSharp;

namespace Gvm.Training.Tasks;

/// <summary>
/// The built-in task (<c>task.kind: arith</c>): generated arithmetic chains, the character tokenizer, the answer reward,
/// and greedy accuracy per difficulty level on the fixed test split.
/// </summary>
public sealed class ArithTrainingTask : ITrainingTask
{
    private readonly RunSpec _spec;

    public ArithTrainingTask(RunSpec spec)
    {
        _spec = spec ?? throw new ArgumentNullException(nameof(spec));
        Data = ArithDataset.Build(new ArithTaskOptions
        {
            Levels = spec.Task.Levels,
            DataSeed = spec.Task.DataSeed,
            TrainSize = spec.Task.TrainSize,
            TestPerLevel = spec.Eval.PerLevel,
            LevelMix = spec.Task.LevelMix,
        });
    }

    public ArithDataset Data { get; }

    public CharTokenizer Tokenizer { get; } = new();

    public int TrainCount => Data.Train.Count;

    public int PadTokenId => CharTokenizer.PadId;

    public IReadOnlyList<int> StopTokenIds { get; } = [CharTokenizer.EosId];

    public string Summary => $"train {Data.Train.Count}, test {Data.Test.Count}";

    public Qwen2ForCausalLM CreateModel() => ModelFiles.Create(_spec.Model, Tokenizer.VocabSize, _spec.Seed);

    public TrainPrompt Prompt(int trainIndex) => new(Data.Train[trainIndex].Id, Data.Train[trainIndex].Level);

    public RolloutBatch Sample(Qwen2ForCausalLM policy, IReadOnlyList<int> trainIndices, IReadOnlyList<int> counts,
        GenerationOptions options, torch.Generator? generator) =>
        Sampler(policy).Sample(trainIndices.Select(i => Data.Train[i]).ToArray(), counts, options, generator);

    /// <summary>Greedy accuracy on the test split under the same reward as training (<c>task.reward</c>).</summary>
    public Dictionary<string, double> Evaluate(Qwen2ForCausalLM policy) =>
        Evaluator.Run(Sampler(policy), Data.Test, _spec.Task.Levels, _spec.Eval.MaxNewTokens);

    private RolloutSampler Sampler(Qwen2ForCausalLM policy) => new(policy, Tokenizer, ArithRewards.For(_spec.Task.Reward));

    /// <summary>Nothing to write: the eval/accuracy_level_{k} metrics are the whole evaluation.</summary>
    public void WriteEvaluation(string directory)
    {
    }

    public void SaveFinal(Qwen2ForCausalLM policy, string directory) => ModelFiles.Save(policy, directory, new CharTokenizer());
}
