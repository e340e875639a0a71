using Gvm.Training.Model;
using Gvm.Training.Optim;
using Gvm.Training.Rl;
using Gvm.Training.Tests.Model;
using Gvm.Training.Tests.Rollout;
using TorchSharp;
using static TorchSharp.torch;

namespace Gvm.Training.Tests.Rl;

/// <summary>The update's fast paths against the plain one: the same losses, statistics and gradients.</summary>
public class PolicyUpdateTests
{
    /// <summary>The plain update: old log-probs recomputed, every mini-batch in one padded group.</summary>
    private static readonly PolicyUpdateOptions Plain = new()
    {
        MiniBatches = 2, Epochs = 1, GradClip = 0, UseKl = true, KlCoef = 0.1, ReuseRolloutLogProbs = false, GroupTokens = int.MaxValue,
    };

    private static PolicyUpdateStats Update(PolicyUpdateOptions options, bool shiftedReference)
    {
        using var policy = TestModels.Micro(seed: 4, vocab: 12);
        using var reference = TestModels.Micro(seed: shiftedReference ? 5UL : 4UL, vocab: 12);
        using var optimizer = PolicyOptimizer.AdamW(policy, lr: 1e-7); // the second mini-batch sees (nearly) the same weights
        var batch = RolloutFixtures.Sample(policy, 20, 12, seed: 8);
        var random = new Random(2);
        var advantages = Enumerable.Range(0, batch.Count).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        return PolicyUpdate.Run(policy, reference, optimizer, batch, advantages, options.Validate(), new Random(1), step: 0, RolloutFixtures.PadId);
    }

    private static void AssertClose(PolicyUpdateStats expected, PolicyUpdateStats actual, double tolerance)
    {
        Assert.Equal(expected.Updates, actual.Updates);
        foreach (var (name, e, a) in new[]
                 {
                     ("loss", expected.Loss, actual.Loss), ("kl", expected.Kl, actual.Kl), ("entropy", expected.Entropy, actual.Entropy),
                     ("grad norm", expected.GradNorm, actual.GradNorm), ("clip fraction", expected.ClipFraction, actual.ClipFraction),
                 })
            Assert.True(Math.Abs(e - a) <= tolerance * Math.Max(1, Math.Abs(e)), $"{name}: plain {e} vs fast {a}");
    }

    [Theory]
    [InlineData(false)] // reference = policy: one log-prob set serves old and reference
    [InlineData(true)]  // a different reference: its own bucketed pass
    public void Length_groups_compute_the_loss_and_gradient_of_the_padded_mini_batch(bool shiftedReference)
    {
        var plain = Update(Plain, shiftedReference);
        var grouped = Update(Plain with { GroupTokens = 40 }, shiftedReference); // several groups per mini-batch of 10 rows
        AssertClose(plain, grouped, 1e-5);
        if (shiftedReference) Assert.True(plain.Kl > 1e-3); // the KL term is really exercised
    }

    [Fact]
    public void Sampling_log_probs_as_old_log_probs_change_the_statistics_by_float_rounding_only()
    {
        var recomputed = Update(Plain, shiftedReference: true);
        var reused = Update(Plain with { ReuseRolloutLogProbs = true }, shiftedReference: true);
        AssertClose(recomputed, reused, 1e-4);
    }

    [Fact]
    public void Same_weights_is_true_for_equal_models_and_false_after_an_update()
    {
        using var a = TestModels.Micro(seed: 4, vocab: 12);
        using var b = TestModels.Micro(seed: 4, vocab: 12);
        Assert.True(PolicyUpdate.SameWeights(a, b));
        using (no_grad()) a.parameters().Last().add_(1e-6f);
        Assert.False(PolicyUpdate.SameWeights(a, b));
    }
}
