using Gvm.Reporting.Curves;

namespace Gvm.Reporting.Comparison;

/// <summary>
/// The fixed parts of the comparison protocol (docs/reports.md, "Decision rule"): the primary metric is ΔAUC on trainer
/// steps; the secondary numbers are ΔAUC on generated tokens, Δ final accuracy and S_X at these fractions on these axes.
/// </summary>
public static class Protocol
{
    /// <summary>Fractions X of the baseline's gain that every report computes S_X for (besides --targets).</summary>
    public static readonly IReadOnlyList<double> Fractions = [0.5, 0.8, 0.9];
    /// <summary>The fraction whose speedup bound the verdict quotes when no difference is detected.</summary>
    public const double VerdictFraction = 0.8;
    /// <summary>The fraction the terminal summary shows.</summary>
    public const double SummaryFraction = 0.9;
    /// <summary>Axes of the AUC and of the headline speedups: trainer steps (primary), generated tokens incl. presampling.</summary>
    public static readonly IReadOnlyList<CostAxis> Axes = [CostAxis.Steps, CostAxis.Tokens];

    public const string AucSteps = "auc_steps";
    public const string AucTokens = "auc_tokens";
    public const string FinalAccuracy = "final_accuracy";

    public static string AucMetric(CostAxis axis) => axis switch
    {
        CostAxis.Steps => AucSteps,
        CostAxis.Tokens => AucTokens,
        _ => $"auc_{axis.ToName()}",
    };
}
