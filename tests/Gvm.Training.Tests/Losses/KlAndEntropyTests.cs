using Gvm.Training.Losses;
using static TorchSharp.torch;

namespace Gvm.Training.Tests.Losses;

public class KlAndEntropyTests
{
    [Fact]
    public void Low_var_kl_matches_k3_by_hand_and_is_clamped()
    {
        using var scope = NewDisposeScope();
        var logp = tensor(new float[] { 0f, -1f, 0f });
        var refLogp = tensor(new float[] { MathF.Log(2f), -1f, 30f });
        var kl = KlPenalty.LowVarKl(logp, refLogp).data<float>().ToArray();
        Assert.Equal(2.0 - Math.Log(2.0) - 1.0, kl[0], 5); // d = ln 2
        Assert.Equal(0f, kl[1], 6);                         // identical policies
        Assert.Equal(10f, kl[2], 6);                        // clamped
    }

    [Fact]
    public void Token_mean_weights_every_response_token_equally()
    {
        using var scope = NewDisposeScope();
        var loss = tensor(new float[] { 1, 2, 3, 100, 4, 5 }).reshape(2, 3);  // [B, T]
        var mask = tensor(new float[] { 1, 1, 1, 0, 1, 1 }).reshape(2, 3);
        Assert.Equal((1 + 2 + 3 + 4 + 5) / 5.0, LossAggregation.TokenMean(loss, mask).item<float>(), 5);
    }

    [Fact]
    public void Entropy_of_uniform_logits_is_log_vocab()
    {
        using var scope = NewDisposeScope();
        var h = Entropy.FromLogits(zeros(2, 3, 4)).data<float>().ToArray(); // [B, T, V] → [B, T]
        Assert.All(h, x => Assert.Equal(Math.Log(4), x, 5));
    }
}
