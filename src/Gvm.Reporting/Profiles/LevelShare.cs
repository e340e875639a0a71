using Gvm.Core.Runs.Files;
using Gvm.Reporting.Inputs;

namespace Gvm.Reporting.Profiles;

/// <summary>The share of the stage-2 budget that went to each difficulty level at one step.</summary>
public sealed record LevelSharePoint(long Step, IReadOnlyDictionary<int, double> Shares);

/// <summary>Where the stage-2 budget goes across difficulty levels over training.</summary>
public static class LevelShare
{
    /// <summary>
    /// From allocations.jsonl (GVM): per allocation step, share_k = Σ_{i at level k} n_i / Σ_i n_i. Records without a
    /// level are skipped; a step whose allocations sum to 0 is left out.
    /// </summary>
    public static IReadOnlyList<LevelSharePoint> FromAllocations(IReadOnlyList<AllocationRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return Shares(records.Where(r => r.Level is not null).Select(r => (r.Step, r.Level!.Value, (double)r.N)));
    }

    /// <summary>From pass_rates.jsonl (any algorithm): per step, share_k = Σ samples at level k / Σ samples.</summary>
    public static IReadOnlyList<LevelSharePoint> FromPassRates(IReadOnlyList<PassRateRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return Shares(records.Select(r => (r.Step, r.Level, (double)r.Samples)));
    }

    /// <summary>The mean over runs (seeds) of each level's share at the steps every run has, in step order.</summary>
    public static IReadOnlyList<LevelSharePoint> MeanOverRuns(IReadOnlyList<IReadOnlyList<LevelSharePoint>> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var used = runs.Where(r => r.Count > 0).ToArray();
        if (used.Length == 0) return [];
        var steps = used.Select(r => r.Select(p => p.Step).ToHashSet()).Aggregate((a, b) => { a.IntersectWith(b); return a; });
        var levels = used.SelectMany(r => r.SelectMany(p => p.Shares.Keys)).Distinct().Order().ToArray();
        return steps.Order().Select(step => new LevelSharePoint(step, levels.ToDictionary(k => k,
            k => used.Average(r => r.First(p => p.Step == step).Shares.GetValueOrDefault(k))))).ToArray();
    }

    private static IReadOnlyList<LevelSharePoint> Shares(IEnumerable<(long Step, int Level, double Amount)> items) =>
        items.GroupBy(i => i.Step).OrderBy(g => g.Key)
            .Select(g => (g.Key, Total: g.Sum(i => i.Amount), Groups: g.GroupBy(i => i.Level)))
            .Where(s => s.Total > 0)
            .Select(s => new LevelSharePoint(s.Key, s.Groups.ToDictionary(l => l.Key, l => l.Sum(i => i.Amount) / s.Total)))
            .ToArray();
}
