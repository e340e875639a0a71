namespace Gvm.Reporting.Comparison;

/// <summary>A row of comparison.csv: final accuracy of one algorithm on one benchmark column, over seeds.</summary>
public sealed record AccuracyRow
{
    public string Group { get; init; } = "";
    public string Algorithm { get; init; } = "";
    public string Benchmark { get; init; } = "";
    /// <summary>Complete runs the statistics use.</summary>
    public int Runs { get; init; }
    public int IncompleteRuns { get; init; }
    public double FinalMean { get; init; } = double.NaN;
    public double FinalStd { get; init; } = double.NaN;
    /// <summary>t interval of the mean final accuracy over seeds (NaN below two runs).</summary>
    public double FinalLow { get; init; } = double.NaN;
    public double FinalHigh { get; init; } = double.NaN;
    /// <summary>For a pair's candidate: the baseline it is paired with; empty otherwise.</summary>
    public string PairedWith { get; init; } = "";
    public int PairedSeeds { get; init; }
    /// <summary>Mean over seeds of candidate final − baseline final.</summary>
    public double PairedDiffMean { get; init; } = double.NaN;
    /// <summary>Paired t interval of the mean difference (NaN below two pairs).</summary>
    public double PairedDiffLow { get; init; } = double.NaN;
    public double PairedDiffHigh { get; init; } = double.NaN;
    /// <summary>Exact one-sided sign-test p-value for "candidate better" (zero differences dropped).</summary>
    public double SignP { get; init; } = double.NaN;
    /// <summary>Exact one-sided Wilcoxon signed-rank p-value for "candidate better".</summary>
    public double WilcoxonP { get; init; } = double.NaN;
}

/// <summary>A row of speedups.csv: S_X on one cost axis for one pair, over seeds.</summary>
public sealed record SpeedupRow
{
    public string Pair { get; init; } = "";
    public string Group { get; init; } = "";
    public string Baseline { get; init; } = "";
    public string Candidate { get; init; } = "";
    public string Axis { get; init; } = "";
    public double Fraction { get; init; }
    /// <summary>Seeds with a defined (possibly bounded) speedup.</summary>
    public int Seeds { get; init; }
    public int CensoredSeeds { get; init; }
    public double TargetMean { get; init; } = double.NaN;
    public double BaselineTimeMedian { get; init; } = double.NaN;
    public double CandidateTimeMedian { get; init; } = double.NaN;
    /// <summary>Geometric mean over seeds of S_X (censored seeds at their bound).</summary>
    public double SpeedupGeoMean { get; init; } = double.NaN;
    /// <summary>exp of the t interval on log S_X (NaN below two seeds or when censored seeds point both ways).</summary>
    public double SpeedupLow { get; init; } = double.NaN;
    public double SpeedupHigh { get; init; } = double.NaN;
    /// <summary>exact, lower_bound, upper_bound or undefined.</summary>
    public string Bound { get; init; } = "";
    /// <summary>The baseline's total cost on this axis (median over seeds).</summary>
    public double BaselineBudget { get; init; } = double.NaN;
    public double BaselineFinalMean { get; init; } = double.NaN;
    /// <summary>Candidate accuracy at the baseline's total budget (mean over seeds; its last value if it stopped earlier).</summary>
    public double CandidateAtBudgetMean { get; init; } = double.NaN;
    /// <summary>Why a value is missing or bounded (axis not logged, no gain, censored seeds).</summary>
    public string Note { get; init; } = "";
}

/// <summary>One run of the sweep with its state, as listed in comparison.md.
/// <c>Attempts</c> and <c>ExitCode</c> come from the ledger (null without one). <c>Failed</c> runs ended without
/// succeeding (failed, diverged, interrupted, cancelled); <c>Reason</c> is status.json's message, else the last line of
/// train.log, else the ledger's message; <c>Log</c> the run's train.log path.</summary>
public sealed record RunRow(string RunId, string Name, string Algorithm, int Seed, string Group, string State, bool Complete, int EvalPoints,
    double FinalAccuracy, int? Attempts = null, int? ExitCode = null, bool Failed = false, string Reason = "", string Log = "");

/// <summary>A row of auc.csv: the mean accuracy of both runs of one seed over the cost range both cover.</summary>
public sealed record AucRow
{
    public string Pair { get; init; } = "";
    public string Group { get; init; } = "";
    public int Seed { get; init; }
    public string Axis { get; init; } = "";
    public double From { get; init; } = double.NaN;
    public double To { get; init; } = double.NaN;
    public double BaselineAuc { get; init; } = double.NaN;
    public double CandidateAuc { get; init; } = double.NaN;
    /// <summary>Candidate − baseline.</summary>
    public double Delta { get; init; } = double.NaN;
    public string Note { get; init; } = "";
}

/// <summary>A row of learning.csv: one arm of a pair, its gain over the first evaluation and its change over the last quarter (steps).</summary>
public sealed record LearningRow
{
    public string Pair { get; init; } = "";
    public string Group { get; init; } = "";
    /// <summary>"baseline" or "candidate".</summary>
    public string Arm { get; init; } = "";
    public string Algorithm { get; init; } = "";
    public int N { get; init; }
    public double GainMean { get; init; } = double.NaN;
    public double GainLow { get; init; } = double.NaN;
    public double GainHigh { get; init; } = double.NaN;
    /// <summary>First step of the last quarter (NaN when the seeds' runs differ in length).</summary>
    public double QuarterFrom { get; init; } = double.NaN;
    public double QuarterTo { get; init; } = double.NaN;
    public double ChangeMean { get; init; } = double.NaN;
    public double ChangeLow { get; init; } = double.NaN;
    public double ChangeHigh { get; init; } = double.NaN;
}

/// <summary>A row of paired.csv: one paired metric of one pair (candidate − baseline, same seed) with its tests.</summary>
public sealed record PairedRow
{
    public string Pair { get; init; } = "";
    public string Group { get; init; } = "";
    /// <summary>auc_steps, auc_tokens or final_accuracy.</summary>
    public string Metric { get; init; } = "";
    public int N { get; init; }
    public double Mean { get; init; } = double.NaN;
    public double StdDev { get; init; } = double.NaN;
    public double Low { get; init; } = double.NaN;
    public double High { get; init; } = double.NaN;
    public int SignN { get; init; }
    /// <summary>Positive differences among the SignN nonzero ones.</summary>
    public int SignPositive { get; init; }
    public double SignP { get; init; } = double.NaN;
    public int WilcoxonN { get; init; }
    public double WilcoxonWPlus { get; init; } = double.NaN;
    public double WilcoxonP { get; init; } = double.NaN;
}

/// <summary>A row of crossings.csv: when each run of one seed of a pair reached T_X on one cost axis.</summary>
public sealed record CrossingRow
{
    public string Pair { get; init; } = "";
    public string Group { get; init; } = "";
    public int Seed { get; init; }
    public string Axis { get; init; } = "";
    public double Fraction { get; init; }
    public double Target { get; init; } = double.NaN;
    /// <summary>Crossing cost, or t_max when censored (the true value is larger).</summary>
    public double BaselineT { get; init; } = double.NaN;
    public bool BaselineCensored { get; init; }
    public double CandidateT { get; init; } = double.NaN;
    public bool CandidateCensored { get; init; }
    public double Speedup { get; init; } = double.NaN;
    public string Bound { get; init; } = "undefined";
    public double BaselineBudget { get; init; } = double.NaN;
    public double BaselineFinal { get; init; } = double.NaN;
    public double CandidateAtBudget { get; init; } = double.NaN;
    /// <summary>Why the crossing is missing: axis not logged, or the baseline did not improve.</summary>
    public string Note { get; init; } = "";
}
