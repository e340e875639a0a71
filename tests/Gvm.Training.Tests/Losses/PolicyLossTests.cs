using Gvm.Training.Losses;
using static TorchSharp.torch;

namespace Gvm.Training.Tests.Losses;

public class PolicyLossTests
{
    // Token grid [2, 3]: ratios and advantages chosen so every branch of the clipped loss is hit once.
    private static readonly float[] Ratios = [1.5f, 0.5f, 1.1f, 5f, 0.5f, 10f];
    private static readonly float[] Adv = [1f, 1f, -1f, -1f, -1f, 1f];
    private static readonly float[] Mask = [1f, 1f, 1f, 1f, 1f, 0f];

    private static (Tensor lp, Tensor old, Tensor adv, Tensor mask) Inputs()
    {
        var lp = tensor(Ratios.Select(r => MathF.Log(r)).ToArray()).reshape(2, 3); // [B=2, T=3]
        return (lp, zeros(2, 3), tensor(Adv).reshape(2, 3), tensor(Mask).reshape(2, 3));
    }

    [Fact]
    public void Clips_both_sides_applies_dual_clip_and_ignores_masked_tokens()
    {
        using var scope = NewDisposeScope();
        var (lp, old, adv, mask) = Inputs();
        var r = PolicyLoss.Compute(lp, old, adv, mask, clipLow: 0.2, clipHigh: 0.2);
        // per token: -1.2 (clipped high, A>0), -0.5 (ratio below 1-ε with A>0: unclipped), 1.1 (inside),
        // 3.0 (A<0, ratio 5: dual clip c=3), 0.8 (A<0, ratio 0.5: clipped low); masked token excluded.
        Assert.Equal((-1.2 - 0.5 + 1.1 + 3.0 + 0.8) / 5, r.Loss.item<float>(), 5);
        Assert.Equal(2.0 / 5, r.ClipFraction.item<float>(), 5);      // tokens 1 and 5
        Assert.Equal(1.0 / 5, r.ClipFractionLower.item<float>(), 5); // token 4
    }

    [Fact]
    public void Asymmetric_clip_uses_the_high_bound_for_ratios_above_one()
    {
        using var scope = NewDisposeScope();
        var (lp, old, adv, mask) = Inputs();
        var r = PolicyLoss.Compute(lp, old, adv, mask, clipLow: 0.2, clipHigh: 0.3);
        Assert.Equal((-1.3 - 0.5 + 1.1 + 3.0 + 0.8) / 5, r.Loss.item<float>(), 5);
    }

    [Fact]
    public void Matches_an_elementwise_loop_on_random_inputs()
    {
        using var scope = NewDisposeScope();
        var g = new Random(7);
        float[] R(int n, double lo, double hi) => Enumerable.Range(0, n).Select(_ => (float)(lo + (hi - lo) * g.NextDouble())).ToArray();
        const int n = 40;
        var lp = R(n, -3, 0); var old = R(n, -3, 0); var adv = R(n, -2, 2);
        var mask = Enumerable.Range(0, n).Select(i => i % 7 == 0 ? 0f : 1f).ToArray();
        var r = PolicyLoss.Compute(tensor(lp).reshape(4, 10), tensor(old).reshape(4, 10), tensor(adv).reshape(4, 10), tensor(mask).reshape(4, 10), 0.2, 0.28);

        double sum = 0, count = 0;
        for (var i = 0; i < n; i++)
        {
            var ratio = Math.Exp(Math.Clamp(lp[i] - old[i], -20, 20));
            var l = Math.Max(-adv[i] * ratio, -adv[i] * Math.Clamp(ratio, 0.8, 1.28));
            if (adv[i] < 0) l = Math.Min(l, -adv[i] * 3.0);
            sum += l * mask[i];
            count += mask[i];
        }
        Assert.Equal(sum / count, r.Loss.item<float>(), 4);
    }

    [Fact]
    public void An_all_masked_batch_gives_zero_loss_not_nan()
    {
        using var scope = NewDisposeScope();
        var (lp, old, adv, _) = Inputs();
        var r = PolicyLoss.Compute(lp, old, adv, zeros(2, 3), 0.2, 0.2);
        Assert.Equal(0f, r.Loss.item<float>());
    }

    [Fact]
    public void Gradient_flows_only_through_unclipped_tokens()
    {
        using var scope = NewDisposeScope();
        var (lp0, old, adv, mask) = Inputs();
        var lp = lp0.detach().requires_grad_(true);
        PolicyLoss.Compute(lp, old, adv, mask, 0.2, 0.2).Loss.backward();
        var grad = lp.grad!.data<float>().ToArray();
        // d/dlogπ of -A·ratio is -A·ratio / 5 for unclipped tokens, 0 for clipped or masked ones.
        Assert.Equal(0f, grad[0], 6);              // clipped high
        Assert.Equal(-0.5f / 5, grad[1], 5);       // unclipped, A=1, ratio 0.5
        Assert.Equal(1.1f / 5, grad[2], 5);        // unclipped, A=-1, ratio 1.1
        Assert.Equal(0f, grad[3], 6);              // dual clip constant
        Assert.Equal(0f, grad[4], 6);              // clipped low
        Assert.Equal(0f, grad[5], 6);              // masked
    }
}
