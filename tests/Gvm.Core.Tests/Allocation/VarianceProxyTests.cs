using Gvm.Core.Allocation;

namespace Gvm.Core.Tests.Allocation;

public class VarianceProxyTests
{
    private static readonly double[] P = [0.5, 0.25, 1.0, 0.125, 0];
    private static readonly double[] G = [1, 1, 2, 3, 0];

    [Fact]
    public void Compute_is_the_sum_of_G_squared_over_d_times_n()
    {
        int[] n = [2, 4, 8, 16, 3];
        var expected = 0.0;
        for (var i = 0; i < 4; i++) expected += G[i] * G[i] / ((P[i] + 1e-3 / P[i]) * n[i]);
        Assert.Equal(expected, VarianceProxy.Compute(P, G, n), 12);
    }

    [Fact]
    public void Unsampled_prompts_make_it_infinite_unless_skipped()
    {
        int[] n = [0, 4, 8, 16, 0];
        Assert.Equal(double.PositiveInfinity, VarianceProxy.Compute(P, G, n));
        Assert.True(double.IsFinite(VarianceProxy.Compute(P, G, n, skipUnsampled: true)));
    }

    [Fact]
    public void Predicted_ratio_matches_the_closed_form()
    {
        // m·Σw² / (Σw)² with w = G/sqrt(p + 1e-3/p); value from python3.
        Assert.Equal(2.0912202876363097, VarianceProxy.PredictedRatio(P, G), 12);
    }

    [Fact]
    public void Predicted_ratio_is_uniform_over_continuous_gvm_variance()
    {
        const int budget = 1000;
        var w = P.Select((p, i) => GvmWeights.Weight(p, G[i], 1e-3, 2)).ToArray();
        var uniform = w.Sum(x => x * x) / ((double)budget / P.Length);
        var gvm = w.Where(x => x > 0).Sum(x => x * x / (budget * x / w.Sum()));
        Assert.Equal(uniform / gvm, VarianceProxy.PredictedRatio(P, G), 9);
    }

    [Fact]
    public void Integer_allocation_ratio_approaches_the_continuous_one()
    {
        var n = GvmAllocator.Allocate(P, G, 100_000, new GvmAllocationOptions());
        var ratio = VarianceProxy.PredictedRatio(P, G, n, uniformSamplesPerPrompt: 20_000);
        Assert.Equal(VarianceProxy.PredictedRatio(P, G), ratio, 3);
    }

    [Fact]
    public void Equal_weights_predict_no_gain()
    {
        Assert.Equal(1.0, VarianceProxy.PredictedRatio([0.5, 0.5, 0.5], [2, 2, 2]), 12);
        Assert.Equal(1.0, VarianceProxy.PredictedRatio([0, 0], [0, 0]));
    }

    [Fact]
    public void Gvm_allocation_never_has_a_larger_proxy_than_uniform()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 50; trial++)
        {
            var p = Enumerable.Range(0, 64).Select(_ => random.Next(1, 9) / 8.0).ToArray();
            var g = Enumerable.Range(0, 64).Select(_ => Math.Exp(random.NextDouble() * 2)).ToArray();
            var gvm = GvmAllocator.Allocate(p, g, 64 * 16, new GvmAllocationOptions());
            var uniform = UniformAllocator.Allocate(64, 16);
            Assert.True(VarianceProxy.Compute(p, g, gvm) <= VarianceProxy.Compute(p, g, uniform) * (1 + 1e-9));
        }
    }
}
