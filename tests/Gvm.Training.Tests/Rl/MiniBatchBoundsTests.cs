using Gvm.Training.Rl;

namespace Gvm.Training.Tests.Rl;

public class MiniBatchBoundsTests
{
    [Theory]
    [InlineData(128, 4)]
    [InlineData(131, 4)]
    [InlineData(125, 4)]
    [InlineData(3, 4)]
    [InlineData(0, 2)]
    [InlineData(1000, 7)]
    public void Mini_batches_cover_every_sample_once_with_sizes_differing_by_at_most_one(int count, int miniBatches)
    {
        var bounds = PolicyUpdate.MiniBatchBounds(count, miniBatches).ToList();
        Assert.Equal(miniBatches, bounds.Count);
        Assert.Equal(0, bounds[0].Start);
        Assert.Equal(count, bounds[^1].End);
        for (var k = 1; k < bounds.Count; k++) Assert.Equal(bounds[k - 1].End, bounds[k].Start);
        var sizes = bounds.Select(b => b.End - b.Start).ToArray();
        Assert.True(sizes.Max() - sizes.Min() <= 1, string.Join(",", sizes));
    }

    [Fact]
    public void A_multiple_of_the_count_gives_verls_equal_mini_batches()
    {
        Assert.Equal([(0, 32), (32, 64), (64, 96), (96, 128)], PolicyUpdate.MiniBatchBounds(128, 4));
    }
}
