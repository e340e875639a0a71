using Gvm.Core.Allocation;

namespace Gvm.Core.Tests.Allocation;

public class BoundedSharesTests
{
    [Fact]
    public void Without_bounds_shares_are_proportional()
    {
        var x = new double[3];
        Assert.Equal(12, BoundedShares.Compute([1, 2, 3], 12, 0, 0, x));
        Assert.Equal([2, 4, 6], x);
    }

    [Fact]
    public void Upper_bound_clips_and_spreads_the_rest_proportionally()
    {
        var x = new double[3];
        BoundedShares.Compute([1, 2, 9], 12, 0, 5, x);
        Assert.Equal(5, x[2]);
        Assert.Equal(7.0 / 3, x[0], 9);
        Assert.Equal(14.0 / 3, x[1], 9);
    }

    [Fact]
    public void Lower_bound_lifts_and_takes_from_the_others()
    {
        var x = new double[3];
        BoundedShares.Compute([0.01, 1, 1], 20, 3, 0, x);
        Assert.Equal(3, x[0]);
        Assert.Equal(8.5, x[1], 9);
        Assert.Equal(8.5, x[2], 9);
    }

    [Fact]
    public void Caps_below_the_total_fill_every_prompt()
    {
        var x = new double[2];
        Assert.Equal(8, BoundedShares.Compute([1, 3], 20, 0, 4, x));
        Assert.Equal([4, 4], x);
    }

    [Fact]
    public void Minimums_above_the_total_throw()
    {
        Assert.Throws<AllocationException>(() => BoundedShares.Compute([1, 1], 3, 2, 0, new double[2]));
    }

    [Fact]
    public void Many_bounded_prompts_still_sum_to_the_total()
    {
        var random = new Random(7);
        var w = Enumerable.Range(0, 5000).Select(_ => Math.Exp(3 * random.NextDouble())).ToArray();
        var x = new double[w.Length];
        BoundedShares.Compute(w, 40_000, 2, 20, x);
        Assert.Equal(40_000, x.Sum(), 6);
        Assert.All(x, v => Assert.InRange(v, 2, 20));

        // Optimality (KKT): one λ for every free prompt; clamped prompts sit on the side of their bound.
        var free = Enumerable.Range(0, w.Length).First(i => x[i] > 2 && x[i] < 20);
        var lambda = x[free] / w[free];
        for (var i = 0; i < w.Length; i++)
        {
            if (x[i] == 2) Assert.True(lambda * w[i] <= 2 + 1e-9);
            else if (x[i] == 20) Assert.True(lambda * w[i] >= 20 - 1e-9);
            else Assert.Equal(lambda * w[i], x[i], 9);
        }
    }
}
