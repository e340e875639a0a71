namespace Gvm.Core.Allocation;

/// <summary>
/// Orders an EM iteration's prompts so that each trainer step draws (nearly) the same number of stage-2 samples.
/// GVM allocates over the whole iteration (paper Alg. 1; the authors' em/stage_2_calc_sample_size.py spreads the
/// budget over the iteration's data file), so without reordering one step may draw twice as many samples as the next
/// and optimizer updates would see uneven batches. The authors shuffle the iteration's prompts anyway
/// (runs/scripts/run_em.sh: data.shuffle=True), so reordering within an iteration keeps their semantics. Pure.
/// </summary>
public static class StepBalancing
{
    /// <summary>
    /// A permutation of [0, n_i.Length) that fills <paramref name="steps"/> consecutive slots of
    /// <paramref name="promptsPerStep"/> prompts each. The data order is kept when its step totals already differ by no
    /// more than the largest n_i (a uniform allocation, e.g. the fallback, trains the baseline's prompts at the baseline's
    /// steps). Otherwise prompts in decreasing n_i (ties by index) go to the step with the smallest total so far among
    /// those with a free slot (ties by step index), the greedy "longest processing time first" rule, and keep their
    /// original order within a step; step totals then differ by at most the largest n_i.
    /// </summary>
    public static int[] Order(IReadOnlyList<int> sampleSizes, int steps, int promptsPerStep)
    {
        ArgumentNullException.ThrowIfNull(sampleSizes);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(promptsPerStep, 1);
        if (sampleSizes.Count != steps * promptsPerStep)
            throw new ArgumentException($"{sampleSizes.Count} prompts do not fill {steps} steps of {promptsPerStep}", nameof(sampleSizes));

        var largest = sampleSizes.Count == 0 ? 0 : sampleSizes.Max();
        var inOrder = Enumerable.Range(0, steps).Select(s => Enumerable.Range(s * promptsPerStep, promptsPerStep).Sum(i => (long)sampleSizes[i])).ToArray();
        if (inOrder.Max() - inOrder.Min() <= largest) return Enumerable.Range(0, sampleSizes.Count).ToArray();

        var byDemand = Enumerable.Range(0, sampleSizes.Count)
            .OrderByDescending(i => sampleSizes[i]).ThenBy(i => i).ToArray();
        var members = new List<int>[steps];
        var totals = new long[steps];
        for (var s = 0; s < steps; s++) members[s] = new List<int>(promptsPerStep);
        foreach (var i in byDemand)
        {
            var best = -1;
            for (var s = 0; s < steps; s++)
            {
                if (members[s].Count == promptsPerStep) continue;
                if (best < 0 || totals[s] < totals[best]) best = s;
            }
            members[best].Add(i);
            totals[best] += sampleSizes[i];
        }
        return members.SelectMany(m => m.Order()).ToArray();
    }
}
