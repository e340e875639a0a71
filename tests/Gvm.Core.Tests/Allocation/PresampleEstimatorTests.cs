using Gvm.Core.Allocation;

namespace Gvm.Core.Tests.Allocation;

public class PresampleEstimatorTests
{
    [Fact]
    public void Rate_is_accepted_over_presamples_and_norm_the_mean_over_accepted()
    {
        var e = new PresampleEstimator(3);
        e.Add(0, accepted: true, gradNorm: 2);
        e.Add(0, accepted: false, gradNorm: 100); // rejected samples do not enter G
        e.Add(0, accepted: true, gradNorm: 4);
        e.Add(0, accepted: false);
        e.AddRange([1, 1], [false, false], [5, 5]);
        Assert.Equal([0.5, 0, 0], e.AcceptRates());
        Assert.Equal([3, 0, 0], e.GradNorms());
        Assert.Equal(new PresampleStats(4, 2, 6), e[0]);
        Assert.Equal(new PresampleStats(2, 0, 0), e[1]);
    }

    [Fact]
    public void Bad_samples_throw()
    {
        var e = new PresampleEstimator(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => e.Add(1, true, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => e.Add(0, true, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => e.Add(0, true, -1));
        Assert.Throws<ArgumentException>(() => e.AddRange([0], [true, false], [1]));
    }

    [Fact]
    public void L2_norm_accumulates_in_double()
    {
        Assert.Equal(5, PresampleEstimator.L2Norm([3f, 4f]), 12);
        Assert.Equal(0, PresampleEstimator.L2Norm([]));
    }

    [Fact]
    public void Uniform_split_spreads_the_remainder_over_the_first_prompts()
    {
        Assert.Equal([4, 4, 3], UniformAllocator.Split(3, 11));
        Assert.Equal([8, 8], UniformAllocator.Allocate(2, 8));
        Assert.Empty(UniformAllocator.Split(0, 5));
    }
}
