using Gvm.Core.Runs;
using Gvm.Core.Sweeps;
using Gvm.Reporting.Inputs;

namespace Gvm.Reporting.Comparison;

/// <summary>One seed of a declared pair with its two runs (null when the plan names a run it does not hold).</summary>
public sealed record PairSeed(int Seed, ComparisonPair Pair, RunRecord? Baseline, RunRecord? Candidate)
{
    public bool Complete => Baseline is { Complete: true } && Candidate is { Complete: true };
}

/// <summary>A declared pair across seeds: same name and same cell apart from algorithm and seed.</summary>
public sealed record PairGroup(string Name, string Group, Algorithm Baseline, Algorithm Candidate, IReadOnlyList<PairSeed> Seeds)
{
    public string Title => string.IsNullOrEmpty(Group) || Group == GroupKey.All ? Name : $"{Name} ({Group})";

    /// <summary>How the report names the arms: the algorithm, or for an ablation pair the algorithm with its axis values.</summary>
    public string BaselineName => Seeds.Count > 0 ? Seeds[0].Pair.BaselineName : Baseline.ToDisplay();

    public string CandidateName => Seeds.Count > 0 ? Seeds[0].Pair.CandidateName : Candidate.ToDisplay();

    /// <summary>Both arms run the same algorithm (a declared ablation of one of its settings).</summary>
    public bool IsAblation => Baseline == Candidate;

    public static IReadOnlyList<PairGroup> From(SweepData sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        return sweep.Plan.Pairs
            .GroupBy(p => (Name: string.IsNullOrWhiteSpace(p.Name) ? $"{p.BaselineName} vs {p.CandidateName}" : p.Name,
                Group: GroupKey.Of(p.Cell), p.Baseline, p.Candidate))
            .Select(g => new PairGroup(g.Key.Name, g.Key.Group, g.Key.Baseline, g.Key.Candidate,
                g.Select(p => new PairSeed(p.Seed, p, sweep.Find(p.BaselineRunId), sweep.Find(p.CandidateRunId)))
                    .OrderBy(s => s.Seed).ToArray()))
            .ToArray();
    }
}

/// <summary>The comparison group of a grid cell: its axis values apart from algorithm, seed and stage.</summary>
public static class GroupKey
{
    public const string All = "all";
    private static readonly HashSet<string> Ignored = new(StringComparer.OrdinalIgnoreCase) { "algorithm", "seed", "stage" };

    public static string Of(IReadOnlyDictionary<string, string> cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var parts = cell.Where(kv => !Ignored.Contains(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key}={kv.Value}").ToArray();
        return parts.Length == 0 ? All : string.Join(", ", parts);
    }
}
