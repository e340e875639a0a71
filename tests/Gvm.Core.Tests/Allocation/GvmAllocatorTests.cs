using Gvm.Core.Allocation;
using Gvm.Core.Runs;

namespace Gvm.Core.Tests.Allocation;

/// <summary>Worked examples of the GVM allocator; expected shares computed by hand (python3, shown in comments).</summary>
public class GvmAllocatorTests
{
    private static readonly double[] P = [0.5, 0.25, 1.0, 0.125];
    private static readonly double[] G = [1, 1, 2, 3];

    [Fact]
    public void Default_options_match_the_formula()
    {
        // shares = 100·w/Σw with w = G/sqrt(p + 1e-3/p): [10.362, 14.567, 14.676, 60.394] → floors sum 98,
        // the two largest remainders (.676, .567) get one more.
        Assert.Equal([10, 15, 15, 60], GvmAllocator.Allocate(P, G, 100, new GvmAllocationOptions()));
    }

    [Fact]
    public void Alpha_zero_breaks_equal_remainders_by_index()
    {
        // α = 0: w = G/sqrt(p) = [1.414, 2, 2, 8.485]; shares [10.17, 14.39, 14.39, 61.05] → one sample left, prompts 1 and 2 tie.
        Assert.Equal([10, 15, 14, 61], GvmAllocator.Allocate(P, G, 100, new GvmAllocationOptions { Alpha = 0 }));
    }

    [Fact]
    public void Filter_threshold_drops_easy_prompts_before_renormalising()
    {
        var a = GvmAllocator.AllocateDetailed(P, G, 100, new GvmAllocationOptions { FilterThreshold = 0.9 });
        Assert.Equal(0, a.SampleSizes[2]);
        Assert.Equal(1, a.FilteredByThreshold);
        Assert.Equal(100, a.Total);
    }

    [Fact]
    public void Filter_insufficient_drops_prompts_with_few_expected_accepts()
    {
        // expected accepts p·share: [5.18, 3.64, 14.68, 7.55]; a threshold of 4 drops prompt 1 only.
        var a = GvmAllocator.AllocateDetailed(P, G, 100, new GvmAllocationOptions { FilterInsufficient = 4 });
        Assert.Equal(0, a.SampleSizes[1]);
        Assert.Equal(1, a.FilteredInsufficient);
        Assert.Equal(100, a.SampleSizes.Sum());
    }

    [Fact]
    public void Zero_rate_prompts_starve_unless_given_an_exploration_floor()
    {
        double[] p = [0, 0.5, 0.5];
        double[] g = [0, 1, 3];
        Assert.Equal([0, 3, 9], GvmAllocator.Allocate(p, g, 12, new GvmAllocationOptions()));
        var a = GvmAllocator.AllocateDetailed(p, g, 12, new GvmAllocationOptions { ExplorationFloor = 4 });
        Assert.Equal([4, 2, 6], a.SampleSizes);
        Assert.Equal(1, a.Explored);
    }

    [Fact]
    public void Max_per_prompt_redistributes_the_excess()
    {
        // Uncapped: [10, 15, 15, 60]; capped at 30 the 30 extra samples go to the others in proportion.
        var n = GvmAllocator.Allocate(P, G, 100, new GvmAllocationOptions { MaxPerPrompt = 30 });
        Assert.Equal(30, n[3]);
        Assert.Equal(100, n.Sum());
        Assert.Equal([18, 26, 26, 30], n);
    }

    [Fact]
    public void Min_per_prompt_lifts_small_allocations()
    {
        double[] p = [0.5, 0.5, 0.5];
        double[] g = [0.01, 1, 1];
        Assert.Equal([0, 10, 10], GvmAllocator.Allocate(p, g, 20, new GvmAllocationOptions()));
        Assert.Equal([3, 9, 8], GvmAllocator.Allocate(p, g, 20, new GvmAllocationOptions { MinPerPrompt = 3 }));
    }

    [Fact]
    public void Caps_that_cannot_absorb_the_budget_leave_it_unallocated()
    {
        var a = GvmAllocator.AllocateDetailed(P, G, 100, new GvmAllocationOptions { MaxPerPrompt = 10 });
        Assert.Equal([10, 10, 10, 10], a.SampleSizes);
        Assert.Equal(60, a.Unallocated);
    }

    [Fact]
    public void Budget_is_capped_at_prompts_times_presamples_unless_configured()
    {
        Assert.Equal(16, GvmAllocator.AllocateDetailed(P, G, 100, new GvmAllocationOptions { CapPerPrompt = 4 }).Total);
        Assert.Equal(50, GvmAllocator.AllocateDetailed(P, G, 100, new GvmAllocationOptions { CapPerPrompt = 4, BudgetCap = 50 }).Total);
        Assert.Equal(100, GvmAllocator.AllocateDetailed(P, G, 100, new GvmAllocationOptions()).Total);
    }

    [Fact]
    public void World_size_alignment_adds_to_the_largest_allocations()
    {
        var a = GvmAllocator.AllocateDetailed(P, G, 100, new GvmAllocationOptions { WorldSize = 8 });
        Assert.Equal(104, a.Total);
        Assert.Equal(4, a.AlignmentAdded);
        Assert.Equal([11, 16, 16, 61], a.SampleSizes);
    }

    [Fact]
    public void No_eligible_prompt_allocates_nothing()
    {
        var a = GvmAllocator.AllocateDetailed([0, 0.5], [1, 0], 10, new GvmAllocationOptions());
        Assert.Equal([0, 0], a.SampleSizes);
        Assert.Equal(10, a.Unallocated);
    }

    [Fact]
    public void Infeasible_minimums_throw()
    {
        Assert.Throws<AllocationException>(() => GvmAllocator.Allocate(P, G, 10, new GvmAllocationOptions { MinPerPrompt = 3 }));
        Assert.Throws<AllocationException>(() => GvmAllocator.Allocate([0, 0, 0.5], [0, 0, 1], 3, new GvmAllocationOptions { ExplorationFloor = 2 }));
    }

    [Theory]
    [InlineData(-0.1, 1)]
    [InlineData(1.5, 1)]
    [InlineData(double.NaN, 1)]
    [InlineData(0.5, -1)]
    [InlineData(0.5, double.NaN)]
    [InlineData(0.5, double.PositiveInfinity)]
    public void Bad_inputs_throw_naming_the_prompt(double p, double g)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => GvmAllocator.Allocate([0.5, p], [1, g], 10, new GvmAllocationOptions()));
        Assert.Contains("prompt 1", e.Message);
    }

    [Fact]
    public void Bad_options_and_budget_throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GvmAllocator.Allocate(P, G, -1, new GvmAllocationOptions()));
        var e = Assert.Throws<ArgumentException>(() => GvmAllocator.Allocate(P, G, 10, new GvmAllocationOptions { WorldSize = 0, Alpha = -1 }));
        Assert.Contains("world_size", e.Message);
        Assert.Contains("alpha", e.Message);
        Assert.Throws<ArgumentException>(() => GvmAllocator.Allocate([0.5], [1, 2], 10, new GvmAllocationOptions()));
    }

    [Fact]
    public void Options_map_from_the_run_contract()
    {
        var gvm = new GvmOptions { Alpha = 0.01, Beta = 3, FilterThreshold = 0.9, FilterInsufficient = 1, MinPerPrompt = 1, MaxPerPrompt = 9, ExplorationFloor = 2 };
        var o = GvmAllocationOptions.From(gvm, capPerPrompt: 4, worldSize: 2);
        Assert.Equal(new GvmAllocationOptions
        {
            Alpha = 0.01, Beta = 3, FilterThreshold = 0.9, FilterInsufficient = 1, MinPerPrompt = 1, MaxPerPrompt = 9,
            ExplorationFloor = 2, CapPerPrompt = 4, WorldSize = 2,
        }, o);
        Assert.Empty(o.Validate());
    }
}
