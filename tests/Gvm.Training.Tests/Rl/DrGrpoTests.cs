using Gvm.Core.Runs;
using Gvm.Training.Losses;
using Gvm.Training.Optim;
using Gvm.Training.Rl;
using Gvm.Training.Rollout;
using Gvm.Training.Tests.Model;
using Gvm.Training.Tests.Rollout;
using static TorchSharp.torch;

namespace Gvm.Training.Tests.Rl;

/// <summary>Dr. GRPO (dr_grpo) on hand-computed examples: its advantage and its sequence-sum loss.</summary>
public class DrGrpoTests
{
    private static RolloutBatch Batch(int[] groups, double[] rewards) => new(
        groups, groups.Select(_ => 1).ToArray(), groups.Select(_ => new[] { 1 }).ToArray(),
        groups.Select(_ => new[] { 2 }).ToArray(), groups.Select(_ => new[] { 0f }).ToArray(), rewards);

    [Fact]
    public void Advantage_is_the_group_centred_reward_without_the_std_whatever_normalize_by_std_says()
    {
        // Group 0: rewards 1, 0, 0 (mean 1/3); group 1: 1, 1 (mean 1); group 2: a single 1 (verl: mean 0, std 1).
        var batch = Batch([0, 0, 0, 1, 1, 2], [1, 0, 0, 1, 1, 1]);
        double[] expected = [2.0 / 3, -1.0 / 3, -1.0 / 3, 0, 0, 1];
        foreach (var normalizeByStd in new[] { true, false })
        {
            var adv = RlAlgorithms.Advantages(Algorithm.DrGrpo, batch, normalizeByStd);
            Assert.Equal(expected.Length, adv.Length);
            for (var i = 0; i < adv.Length; i++) Assert.Equal(expected[i], adv[i], 12);
        }
        // GRPO divides group 0 by its std √(1/3): (1 − 1/3) / (0.57735 + 1e-6) = 1.1547.
        Assert.Equal(1.1547, RlAlgorithms.Advantages(Algorithm.Grpo, batch, normalizeByStd: true)[0], 4);
    }

    [Fact]
    public void Loss_sums_each_responses_tokens_over_the_constant_and_averages_over_responses()
    {
        using var scope = NewDisposeScope();
        // Two responses of 2 and 1 tokens in a [2, 3] grid, max_new_tokens 4. Ratio 1 (log π = log π_old): the per-token
        // loss is −A. Response 0: A = 0.5 → token losses −0.5, −0.5 (sum −1); response 1: A = −0.25 → 0.25 (sum 0.25).
        var mask = tensor(new float[] { 1, 1, 0, 1, 0, 0 }).reshape(2, 3);
        var adv = tensor(new float[] { 0.5f, 0.5f, 0.5f, -0.25f, -0.25f, -0.25f }).reshape(2, 3).mul(mask);
        var logp = zeros(2, 3);
        var dr = PolicyLoss.Compute(logp, logp, adv, mask, 0.2, 0.2, aggregation: LossAggregationMode.SeqMeanTokenSumNorm, scaleTokens: 4);
        Assert.Equal((-1 + 0.25) / (2 * 4), dr.Loss.item<float>(), 6);  // −0.09375
        var tokenMean = PolicyLoss.Compute(logp, logp, adv, mask, 0.2, 0.2);
        Assert.Equal((-0.5 - 0.5 + 0.25) / 3, tokenMean.Loss.item<float>(), 6); // GRPO's token-mean: −0.25
        Assert.Equal(dr.ClipFraction.item<float>(), tokenMean.ClipFraction.item<float>()); // diagnostics stay token-means

        var values = tensor(new float[] { 1, 2, 3, 4, 5, 6 }).reshape(2, 3);
        Assert.Equal((1 + 2 + 4) / (2.0 * 4), LossAggregation.SeqMeanTokenSumNorm(values, mask, 4).item<float>(), 6);
    }

    [Fact]
    public void Length_groups_compute_the_loss_of_the_whole_mini_batch()
    {
        var options = new PolicyUpdateOptions
        {
            MiniBatches = 2, Epochs = 1, GradClip = 0, UseKl = true, KlCoef = 0.1, ReuseRolloutLogProbs = false,
            Aggregation = LossAggregationMode.SeqMeanTokenSumNorm, LossScaleTokens = 24,
        };
        var whole = Update(options with { GroupTokens = int.MaxValue });
        var grouped = Update(options with { GroupTokens = 40 }); // several groups per mini-batch of 10 rows
        Assert.Equal(whole.Updates, grouped.Updates);
        foreach (var (name, e, a) in new[] { ("loss", whole.Loss, grouped.Loss), ("kl", whole.Kl, grouped.Kl), ("grad norm", whole.GradNorm, grouped.GradNorm) })
            Assert.True(Math.Abs(e - a) <= 1e-5 * Math.Max(1, Math.Abs(e)), $"{name}: whole {e} vs grouped {a}");
        Assert.True(whole.Kl > 1e-4); // the KL term is really exercised
    }

    private static PolicyUpdateStats Update(PolicyUpdateOptions options)
    {
        using var policy = TestModels.Micro(seed: 4, vocab: 12);
        using var reference = TestModels.Micro(seed: 5, vocab: 12);
        using var optimizer = PolicyOptimizer.AdamW(policy, lr: 1e-7);
        var batch = RolloutFixtures.Sample(policy, 20, 12, seed: 8);
        var random = new Random(2);
        var advantages = Enumerable.Range(0, batch.Count).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        return PolicyUpdate.Run(policy, reference, optimizer, batch, advantages, options.Validate(), new Random(1), step: 0, RolloutFixtures.PadId);
    }
}
