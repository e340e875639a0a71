using Gvm.Training.Rollout;
using Gvm.Training.Tests.Model;
using static TorchSharp.torch;

namespace Gvm.Training.Tests.Rollout;

public class RolloutLogProbsTests
{
    [Theory]
    [InlineData(1.0, 8192)]
    [InlineData(0.7, 60)] // a small budget: many buckets of a few rows
    public void Bucketed_log_probs_equal_those_of_one_batch_padded_to_the_longest(double temperature, int budget)
    {
        using var scope = NewDisposeScope();
        using var lm = TestModels.Micro(seed: 2, vocab: 12);
        var batch = RolloutFixtures.Sample(lm, 30, 12, seed: 4);
        Assert.True(batch.ResponseTokens.Select(r => r.Length).Distinct().Count() > 3);

        var bucketed = RolloutLogProbs.Compute(lm, batch, temperature, RolloutFixtures.PadId, budget); // [B, R]
        using var noGrad = no_grad();
        var packed = SequencePacking.Pack(batch.PromptTokens, batch.ResponseTokens, RolloutFixtures.PadId);
        var padded = lm.SequenceLogProbs(packed.Ids, packed.AttentionMask, packed.ResponseMask, temperature).LogProbs; // [B, T]
        for (var i = 0; i < batch.Count; i++)
        {
            var length = batch.ResponseTokens[i].Length;
            var expected = padded[i].narrow(0, packed.PromptWidth, length).data<float>().ToArray();
            var actual = bucketed[i].data<float>().ToArray();
            for (var j = 0; j < length; j++) Assert.True(Math.Abs(expected[j] - actual[j]) < 1e-5, $"row {i} token {j}: {expected[j]} vs {actual[j]}");
            for (var j = length; j < actual.Length; j++) Assert.Equal(0f, actual[j]);
            // ... and the sampling log-probs recorded at generation (temperature 1) within 1e-4.
            if (temperature == 1.0)
                for (var j = 0; j < length; j++) Assert.True(Math.Abs(batch.LogProbs[i][j] - actual[j]) < 1e-4);
        }
    }
}
