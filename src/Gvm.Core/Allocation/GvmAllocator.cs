namespace Gvm.Core.Allocation;

/// <summary>
/// The GVM sample allocator (arXiv 2505.02391, Sec. 3): spreads a stage-2 sampling budget over prompts with
/// n_i ∝ G_i / sqrt(p_i + α / p_i^(β-1)), where p_i is the presampled acceptance rate and G_i the gradient-norm
/// estimate. Pipeline: weights → threshold filter → exploration floors → insufficient filter → bounded shares →
/// largest-remainder rounding (exact total) → world-size alignment. Pure: no I/O, no state.
/// </summary>
public static class GvmAllocator
{
    /// <summary>Integer sample sizes, one per prompt, summing to the (capped) budget; see <see cref="AllocateDetailed"/>.</summary>
    public static int[] Allocate(ReadOnlySpan<double> acceptRate, ReadOnlySpan<double> gradNorm, int budget, GvmAllocationOptions options) =>
        AllocateDetailed(acceptRate, gradNorm, budget, options).SampleSizes;

    /// <summary>
    /// Allocates <paramref name="budget"/> samples. Throws <see cref="ArgumentException"/> for mismatched lengths, p_i outside
    /// [0, 1], negative or non-finite G_i, a negative budget or invalid options, and <see cref="AllocationException"/>
    /// when floors and minimums do not fit in the budget.
    /// </summary>
    public static GvmAllocation AllocateDetailed(ReadOnlySpan<double> acceptRate, ReadOnlySpan<double> gradNorm, int budget, GvmAllocationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        ValidateInputs(acceptRate, gradNorm);

        var count = acceptRate.Length;
        var result = new int[count];
        var effective = options.EffectiveBudget(budget, count);

        var weights = new double[count];
        GvmWeights.Compute(acceptRate, gradNorm, options.Alpha, options.Beta, weights);
        var byThreshold = GvmWeights.FilterAboveThreshold(acceptRate, weights, options.FilterThreshold);

        // Our addition: prompts with no accepted presample get a fixed floor first, else the formula starves them forever.
        var explored = 0;
        if (options.ExplorationFloor > 0)
        {
            for (var i = 0; i < count; i++)
            {
                if (acceptRate[i] == 0) { result[i] = options.ExplorationFloor; explored++; }
            }
        }
        long remaining = effective - (long)explored * options.ExplorationFloor;
        if (remaining < 0)
            throw new AllocationException($"the budget {effective} cannot give {explored} prompts with p = 0 their exploration floor of {options.ExplorationFloor}");

        var insufficient = GvmWeights.FilterInsufficient(acceptRate, weights, remaining, options.FilterInsufficient);

        var eligible = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            if (weights[i] > 0) eligible.Add(i);
        }
        var unallocated = (int)remaining;
        if (eligible.Count > 0)
        {
            var w = new double[eligible.Count];
            for (var j = 0; j < w.Length; j++) w[j] = weights[eligible[j]];
            var shares = new double[w.Length];
            var placed = BoundedShares.Compute(w, remaining, options.MinPerPrompt, options.MaxPerPrompt, shares);
            var target = (int)Math.Min(remaining, (long)Math.Round(placed));
            var n = new int[w.Length];
            LargestRemainder.Apportion(shares, w, target, options.MinPerPrompt, options.MaxPerPrompt, n);
            for (var j = 0; j < n.Length; j++)
            {
                result[eligible[j]] = n[j];
                unallocated -= n[j];
            }
        }

        var aligned = options.WorldSize > 1 ? WorldSizeAlignment.Align(result, options.WorldSize, options.MaxPerPrompt) : 0;
        long total = 0;
        foreach (var n in result) total += n;
        return new GvmAllocation(result, effective, total, byThreshold, insufficient, explored, unallocated, aligned);
    }

    /// <summary>Checks p_i ∈ [0, 1] and G_i finite and ≥ 0; the message names the first bad index and field.</summary>
    public static void ValidateInputs(ReadOnlySpan<double> acceptRate, ReadOnlySpan<double> gradNorm)
    {
        if (acceptRate.Length != gradNorm.Length)
            throw new ArgumentException($"acceptRate has {acceptRate.Length} entries but gradNorm has {gradNorm.Length}");
        for (var i = 0; i < acceptRate.Length; i++)
        {
            if (!(acceptRate[i] is >= 0 and <= 1))
                throw new ArgumentOutOfRangeException(nameof(acceptRate), acceptRate[i], $"prompt {i}: accept_rate must be in [0, 1]");
            if (!(gradNorm[i] >= 0) || !double.IsFinite(gradNorm[i]))
                throw new ArgumentOutOfRangeException(nameof(gradNorm), gradNorm[i], $"prompt {i}: grad_norm must be a finite number >= 0");
        }
    }
}
