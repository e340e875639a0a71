using Gvm.Core.Runs;
using Gvm.Core.Sweeps;

namespace Gvm.Orchestration.Planning;

/// <summary>
/// Whether a comparison pair is fair (<see cref="PairedFields"/>): same prompts and start model, same stage-2 budget
/// and same evaluation cadence. Other differences (e.g. gvm.* on the baseline) are listed only.
/// </summary>
public sealed record PairBudgetCheck(
    ComparisonPair Pair, bool SamePrompts, bool SameBudget, bool SameEval, IReadOnlyList<string> Differences)
{
    public bool Ok => SamePrompts && SameBudget && SameEval;

    public static PairBudgetCheck Check(ComparisonPair pair, RunSpec baseline, RunSpec candidate)
    {
        var diffs = SpecPaths.Changes(baseline, candidate).Select(c => c.Field).Where(f => !PairedFields.Labels.Contains(f)).ToList();
        return new PairBudgetCheck(pair,
            SamePrompts: !diffs.Any(d => SpecPaths.Under(d, [.. PairedFields.Prompts, .. PairedFields.StartModel])),
            SameBudget: !diffs.Any(d => SpecPaths.Under(d, PairedFields.Budget)),
            SameEval: !diffs.Any(d => SpecPaths.Under(d, PairedFields.Eval)),
            diffs);
    }
}
