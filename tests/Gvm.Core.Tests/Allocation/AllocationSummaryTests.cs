using Gvm.Core.Allocation;

namespace Gvm.Core.Tests.Allocation;

public class AllocationSummaryTests
{
    [Fact]
    public void Summarises_min_max_zeros_and_singletons()
    {
        var s = AllocationSummary.Of([0, 1, 5, 10, 1, 0]);
        Assert.Equal(new AllocationSummary(6, 17, 0, 10, 17 / 6.0, s.Gini, 2, 2), s);
    }

    [Fact]
    public void Gini_is_zero_for_an_even_split_and_high_when_concentrated()
    {
        Assert.Equal(0, AllocationSummary.GiniOf([4, 4, 4, 4]), 12);
        Assert.Equal(0.75, AllocationSummary.GiniOf([0, 0, 0, 10]), 12);
        Assert.Equal(0, AllocationSummary.GiniOf([0, 0]));
        Assert.Equal(0, AllocationSummary.GiniOf([]));
    }

    [Fact]
    public void Gini_equals_the_pairwise_definition_on_both_paths()
    {
        var random = new Random(5);
        foreach (var scale in new[] { 30, 100_000_000 })
        {
            var n = Enumerable.Range(0, 300).Select(_ => random.Next(0, scale)).ToArray();
            double pairs = 0;
            foreach (var a in n) foreach (var b in n) pairs += Math.Abs((double)a - b);
            var expected = pairs / (2.0 * n.Length * n.Length * n.Average());
            Assert.Equal(expected, AllocationSummary.GiniOf(n), 9);
        }
    }
}
