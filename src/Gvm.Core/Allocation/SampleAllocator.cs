namespace Gvm.Core.Allocation;

/// <summary>How the stage-2 sampling budget is spread over prompts.</summary>
public enum AllocationStrategy
{
    /// <summary>RAFT++ / GRPO: an even split.</summary>
    Uniform,
    /// <summary>GVM-RAFT++ / GVM-GRPO: n_i ∝ G_i / sqrt(p_i + α / p_i^(β-1)).</summary>
    Gvm,
}

/// <summary>The one dispatch over <see cref="AllocationStrategy"/>.</summary>
public static class SampleAllocator
{
    /// <summary>Sample sizes for <paramref name="budget"/> under <paramref name="strategy"/> (Uniform ignores the statistics).</summary>
    public static int[] Allocate(AllocationStrategy strategy, ReadOnlySpan<double> acceptRate, ReadOnlySpan<double> gradNorm, int budget, GvmAllocationOptions options) =>
        strategy switch
        {
            AllocationStrategy.Uniform => UniformAllocator.Split(acceptRate.Length, budget),
            AllocationStrategy.Gvm => GvmAllocator.Allocate(acceptRate, gradNorm, budget, options),
            _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "supported strategies: Uniform, Gvm"),
        };
}
