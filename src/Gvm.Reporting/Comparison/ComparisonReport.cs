using Gvm.Reporting.Fairness;

namespace Gvm.Reporting.Comparison;

/// <summary>Everything a sweep's comparison consists of, before it is written as CSV, Markdown and plots.</summary>
public sealed record ComparisonReport
{
    public string SweepName { get; init; } = "";
    public string SweepId { get; init; } = "";
    public IReadOnlyList<RunRow> Runs { get; init; } = [];
    /// <summary>Benchmark columns per group, in table order (the average last).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Columns { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    public IReadOnlyList<AccuracyRow> Accuracy { get; init; } = [];
    public IReadOnlyList<CrossingRow> Crossings { get; init; } = [];
    public IReadOnlyList<SpeedupRow> Speedups { get; init; } = [];
    public IReadOnlyList<AucRow> Auc { get; init; } = [];
    public IReadOnlyList<PairedRow> Paired { get; init; } = [];
    /// <summary>Per pair, each arm's gain over its first evaluation and change over the last quarter (baseline first).</summary>
    public IReadOnlyList<LearningRow> Learning { get; init; } = [];
    /// <summary>The headline: one verdict per pair, in pair order.</summary>
    public IReadOnlyList<PairVerdict> Verdicts { get; init; } = [];
    /// <summary>The fractions X of the speedup tables: --targets and the protocol's, sorted.</summary>
    public IReadOnlyList<double> Fractions { get; init; } = [];
    public IReadOnlyList<FairnessRow> Fairness { get; init; } = [];
    public IReadOnlyList<PairGroup> Pairs { get; init; } = [];
    public ReportOptions Options { get; init; } = new();
}
