using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gvm.Core.Allocation;

namespace Gvm.Core.Tests.Allocation;

/// <summary>Properties of the GVM allocator over random problems (issue 3, "Done when").</summary>
[Properties(Arbitrary = [typeof(AllocationArbitraries)], MaxTest = 300)]
public class GvmAllocatorPropertyTests
{
    private static GvmAllocationOptions Options(AllocationCase c) =>
        new() { FilterThreshold = c.FilterThreshold, FilterInsufficient = c.FilterInsufficient };

    [Property]
    public void Total_equals_budget_and_counts_are_non_negative(AllocationCase c)
    {
        var a = GvmAllocator.AllocateDetailed(c.AcceptRate, c.GradNorm, c.Budget, Options(c));
        Assert.All(a.SampleSizes, n => Assert.True(n >= 0));
        var anyLeft = a.SampleSizes.Any(n => n > 0) || a.Unallocated > 0;
        Assert.Equal(a.SampleSizes.Sum(), a.Total);
        if (c.HasEligible() && c.FilterThreshold == 0 && c.FilterInsufficient == 0)
            Assert.Equal(c.Budget, a.Total);
        Assert.Equal(c.Budget, a.Total + a.Unallocated);
        Assert.True(anyLeft || c.Budget == 0);
    }

    [Property]
    public void Prompts_with_zero_rate_or_zero_norm_get_nothing(AllocationCase c)
    {
        var n = GvmAllocator.Allocate(c.AcceptRate, c.GradNorm, c.Budget, Options(c));
        for (var i = 0; i < n.Length; i++)
        {
            if (c.AcceptRate[i] == 0 || c.GradNorm[i] == 0) Assert.Equal(0, n[i]);
        }
    }

    [Property]
    public Property Scaling_every_norm_changes_nothing(AllocationCase c) =>
        Prop.ForAll(Gen.Choose(1, 1_000_000).Select(k => k / 1000.0).ToArbitrary(), scale =>
        {
            var scaled = c.GradNorm.Select(g => g * scale).ToArray();
            var a = GvmAllocator.Allocate(c.AcceptRate, c.GradNorm, c.Budget, Options(c));
            var b = GvmAllocator.Allocate(c.AcceptRate, scaled, c.Budget, Options(c));
            Assert.Equal(a, b);
        });

    [Property]
    public Property Equal_inputs_split_evenly(AllocationCase c) =>
        Prop.ForAll(Gen.Choose(1, 200).ToArbitrary(), count =>
        {
            var p = Enumerable.Repeat(Math.Max(c.AcceptRate[0], 0.01), count).ToArray();
            var g = Enumerable.Repeat(Math.Max(c.GradNorm[0], 0.01), count).ToArray();
            var n = GvmAllocator.Allocate(p, g, c.Budget, new GvmAllocationOptions());
            Assert.Equal(c.Budget, n.Sum());
            Assert.True(n.Max() - n.Min() <= 1, $"uneven split {n.Min()}..{n.Max()}");
        });

    [Property]
    public void Larger_norm_at_the_same_rate_never_gets_fewer(AllocationCase c)
    {
        var options = Options(c) with { MinPerPrompt = 0 };
        var n = GvmAllocator.Allocate(c.AcceptRate, c.GradNorm, c.Budget, options);
        for (var a = 0; a < n.Length; a++)
        for (var b = 0; b < n.Length; b++)
        {
            if (c.AcceptRate[a] == c.AcceptRate[b] && c.GradNorm[a] > c.GradNorm[b])
                Assert.True(n[a] >= n[b], $"prompt {a} (G={c.GradNorm[a]}) got {n[a]} < prompt {b} (G={c.GradNorm[b]}) got {n[b]}");
        }
    }

    [Property]
    public void Matches_the_independent_reference_within_one_sample(AllocationCase c)
    {
        var options = Options(c);
        var n = GvmAllocator.Allocate(c.AcceptRate, c.GradNorm, c.Budget, options);
        var reference = ReferenceAllocator.Allocate(c.AcceptRate, c.GradNorm, c.Budget, options.Alpha, options.Beta, c.FilterThreshold, c.FilterInsufficient);
        Assert.Equal(reference.Sum(), n.Sum());
        for (var i = 0; i < n.Length; i++)
            Assert.True(Math.Abs(n[i] - reference[i]) <= 1, $"prompt {i}: {n[i]} vs reference {reference[i]}");
    }

    [Property]
    public Property Bounds_floors_and_world_size_hold(AllocationCase c) =>
        Prop.ForAll(Gen.Choose(0, 3).ToArbitrary(), Gen.Choose(0, 3).ToArbitrary(), Gen.Choose(1, 8).ToArbitrary(), (min, floor, world) =>
        {
            var max = min + 6;
            // filter_insufficient is left off here: which prompts survive it depends on the budget left after the floors.
            var options = Options(c) with { FilterInsufficient = 0, MinPerPrompt = min, MaxPerPrompt = max, ExplorationFloor = floor, WorldSize = world };
            var zeros = c.AcceptRate.Count(p => p == 0);
            var eligible = Enumerable.Range(0, c.AcceptRate.Length).Count(i => c.AcceptRate[i] > 0 && c.GradNorm[i] > 0 && (c.FilterThreshold == 0 || c.AcceptRate[i] <= c.FilterThreshold));
            if (zeros * floor + eligible * min > c.Budget)
            {
                Assert.Throws<AllocationException>(() => GvmAllocator.Allocate(c.AcceptRate, c.GradNorm, c.Budget, options));
                return;
            }
            var a = GvmAllocator.AllocateDetailed(c.AcceptRate, c.GradNorm, c.Budget, options);
            Assert.True(a.Total % world == 0 || a.SampleSizes.All(n => n == 0 || n == max), $"total {a.Total} not a multiple of {world}");
            for (var i = 0; i < a.SampleSizes.Length; i++)
            {
                var n = a.SampleSizes[i];
                Assert.True(n <= max, $"prompt {i}: {n} > max {max}");
                if (c.AcceptRate[i] == 0) Assert.True(world == 1 ? n == floor : n >= floor, $"prompt {i}: {n} vs floor {floor}");
                else if (n > 0) Assert.True(n >= min, $"prompt {i}: {n} < min {min}");
            }
            Assert.Equal(c.Budget + a.AlignmentAdded, a.Total + a.Unallocated);
        });
}
