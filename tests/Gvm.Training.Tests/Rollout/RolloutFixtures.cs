using Gvm.Training.Generation;
using Gvm.Training.Model;
using Gvm.Training.Rollout;

namespace Gvm.Training.Tests.Rollout;

/// <summary>A rollout batch sampled from a model: prompts of 1-7 tokens, responses of very different lengths.</summary>
internal static class RolloutFixtures
{
    public const int PadId = 0;

    public static RolloutBatch Sample(Qwen2ForCausalLM model, int count, int vocab, ulong seed, int maxNewTokens = 24)
    {
        var random = new Random((int)seed);
        var prompts = Enumerable.Range(0, count)
            .Select(_ => Enumerable.Range(0, random.Next(1, 8)).Select(_ => random.Next(2, vocab)).ToArray()).ToArray();
        var result = BatchGenerator.Generate(model, prompts,
            new GenerationOptions { MaxNewTokens = maxNewTokens, Seed = seed, StopTokenIds = [1], PadTokenId = PadId });
        return new RolloutBatch(Enumerable.Range(0, count).ToArray(), new int[count], prompts, result.Tokens.ToArray(),
            result.LogProbs.ToArray(), Enumerable.Range(0, count).Select(i => (double)(i % 2)).ToArray());
    }
}
