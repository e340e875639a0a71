using Gvm.Core.Allocation;

namespace Gvm.Core.Tests.Allocation;

public class WorldSizeAlignmentTests
{
    [Fact]
    public void Adds_to_the_largest_allocations_lower_index_first()
    {
        int[] n = [3, 7, 0, 7, 2];
        Assert.Equal(5, WorldSizeAlignment.Align(n, 8));
        Assert.Equal([4, 9, 0, 8, 3], n); // four prompts get one each, then the largest (ties: lower index) one more
    }

    [Fact]
    public void Already_aligned_totals_are_left_alone()
    {
        int[] n = [4, 4];
        Assert.Equal(0, WorldSizeAlignment.Align(n, 4));
        Assert.Equal([4, 4], n);
    }

    [Fact]
    public void Wraps_round_when_more_samples_are_needed_than_prompts()
    {
        int[] n = [1, 2, 0];
        Assert.Equal(5, WorldSizeAlignment.Align(n, 8));
        Assert.Equal([3, 5, 0], n);
    }

    [Fact]
    public void Skips_prompts_at_their_maximum()
    {
        int[] n = [5, 1, 1];
        Assert.Equal(1, WorldSizeAlignment.Align(n, 4, max: 5));
        Assert.Equal([5, 2, 1], n);
    }

    [Fact]
    public void Large_inputs_pick_the_same_prompts_as_a_full_sort()
    {
        var random = new Random(3);
        var n = Enumerable.Range(0, 10_000).Select(_ => random.Next(0, 50)).ToArray();
        var expected = n.ToArray();
        var missing = (int)((64 - expected.Sum() % 64) % 64);
        foreach (var i in Enumerable.Range(0, n.Length).Where(i => expected[i] > 0).OrderByDescending(i => expected[i]).ThenBy(i => i).Take(missing).ToList())
            expected[i]++;
        WorldSizeAlignment.Align(n, 64);
        Assert.Equal(expected, n);
    }
}
