using FsCheck;
using FsCheck.Xunit;
using Gvm.Core.Allocation;

namespace Gvm.Core.Tests.Allocation;

public class StepBalancingTests
{
    [Fact]
    public void Uneven_allocations_are_spread_so_every_step_draws_about_the_same()
    {
        // 2 steps × 4 prompts; in data order the first step would draw 40 samples and the second 8.
        int[] n = [12, 10, 9, 9, 2, 2, 2, 2];
        var order = StepBalancing.Order(n, 2, 4);
        Assert.Equal(Enumerable.Range(0, 8), order.Order());
        // Greedy: 12→A, 10→B, 9→B (19), 9→A (21), 2→B (21), 2→A (23), 2→B (23), 2→A (25): A is then full.
        Assert.Equal([0, 3, 5, 7, 1, 2, 4, 6], order);
        Assert.Equal([25, 23], new[] { order[..4].Sum(i => n[i]), order[4..].Sum(i => n[i]) });
    }

    [Fact]
    public void Equal_allocations_keep_the_data_order()
    {
        Assert.Equal(Enumerable.Range(0, 12), StepBalancing.Order(Enumerable.Repeat(8, 12).ToArray(), 3, 4));
    }

    [Property(MaxTest = 300)]
    public void Any_allocation_becomes_a_permutation_whose_step_totals_differ_by_less_than_the_largest_n(PositiveInt stepsArg, PositiveInt perStepArg, int seed)
    {
        var steps = stepsArg.Get % 6 + 1;
        var perStep = perStepArg.Get % 9 + 1;
        var random = new Random(seed);
        var n = Enumerable.Range(0, steps * perStep).Select(_ => random.Next(4) == 0 ? 0 : random.Next(0, 30)).ToArray();
        var order = StepBalancing.Order(n, steps, perStep);
        Assert.Equal(Enumerable.Range(0, n.Length), order.Order());
        var totals = Enumerable.Range(0, steps).Select(s => order.Skip(s * perStep).Take(perStep).Sum(i => n[i])).ToArray();
        Assert.True(totals.Max() - totals.Min() <= Math.Max(n.Max(), 0), $"totals {string.Join(",", totals)} for max n {n.Max()}");
        Assert.Equal(order, StepBalancing.Order(n, steps, perStep)); // deterministic
    }
}
