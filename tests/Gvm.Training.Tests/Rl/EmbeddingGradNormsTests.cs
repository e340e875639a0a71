using Gvm.Training.Model;
using Gvm.Training.Rl;
using Gvm.Training.Rollout;
using Gvm.Training.Tests.Model;
using Gvm.Training.Tests.Rollout;
using TorchSharp;
using static TorchSharp.torch;

namespace Gvm.Training.Tests.Rl;

public class EmbeddingGradNormsTests
{
    /// <summary>The definition, one response at a time: autograd of −Σ log p(response) with respect to E.</summary>
    private static double OneByOne(Qwen2ForCausalLM model, RolloutBatch batch, int i)
    {
        using var scope = NewDisposeScope();
        var packed = SequencePacking.Pack([batch.PromptTokens[i]], [batch.ResponseTokens[i]], RolloutFixtures.PadId, model.Device);
        var logp = model.SequenceLogProbs(packed.Ids, packed.AttentionMask, packed.ResponseMask).LogProbs;
        var grad = torch.autograd.grad([logp.sum().neg()], [model.EmbedTokensWeight])[0];
        return grad.to_type(ScalarType.Float64).norm().item<double>();
    }

    [Theory]
    [InlineData(true)]  // tied head (tiny preset): input and output uses of E
    [InlineData(false)] // untied (micro preset): input side only
    public void Batched_norms_equal_the_one_by_one_norms(bool tied)
    {
        using var model = tied
            ? Qwen2ForCausalLM.Create(Qwen2Presets.Tiny(12) with { NumHiddenLayers = 2 }, 7)
            : TestModels.Micro(seed: 3, vocab: 12);
        var batch = RolloutFixtures.Sample(model, 24, 12, seed: 6);
        int[] indices = [3, 0, 7, 7, 12, 23, 5, 18, 9, 1, 16];
        var batched = EmbeddingGradNorms.Compute(model, batch, indices, RolloutFixtures.PadId);
        for (var k = 0; k < indices.Length; k++)
        {
            var expected = OneByOne(model, batch, indices[k]);
            Assert.True(expected > 0);
            Assert.True(Math.Abs(batched[k] - expected) <= 1e-4 * expected, $"response {indices[k]}: batched {batched[k]} vs one by one {expected}");
        }
        Assert.Empty(EmbeddingGradNorms.Compute(model, batch, [], RolloutFixtures.PadId));
        Assert.Null(model.EmbedTokensWeight.grad); // no parameter gradient is left behind
    }
}
