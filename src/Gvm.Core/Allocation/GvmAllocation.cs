namespace Gvm.Core.Allocation;

/// <summary>The result of one GVM allocation with the bookkeeping a trainer logs.</summary>
/// <param name="SampleSizes">n_i per prompt, in input order.</param>
/// <param name="Budget">The budget spread after the cap (before world-size alignment).</param>
/// <param name="Total">Σ n_i (the budget, plus alignment, minus <paramref name="Unallocated"/>).</param>
/// <param name="FilteredByThreshold">Prompts dropped because p_i was above the filter threshold.</param>
/// <param name="FilteredInsufficient">Prompts dropped because p_i·n_i was below the filter_insufficient count.</param>
/// <param name="Explored">Prompts with p_i = 0 given the exploration floor.</param>
/// <param name="Unallocated">Budget that could not be placed (no eligible prompt, or every prompt at its maximum).</param>
/// <param name="AlignmentAdded">Samples added to reach a multiple of the world size.</param>
public sealed record GvmAllocation(
    int[] SampleSizes,
    int Budget,
    long Total,
    int FilteredByThreshold,
    int FilteredInsufficient,
    int Explored,
    int Unallocated,
    int AlignmentAdded);
