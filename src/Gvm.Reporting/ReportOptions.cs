using Gvm.Reporting.Convergence;

namespace Gvm.Reporting;

/// <summary>Options of a comparison report. <see cref="Validate"/> lists every bad field.</summary>
public sealed record ReportOptions
{
    /// <summary>Fractions X of the baseline's gain: targets T_X = base + X·(baseline_final − base). The protocol's
    /// 0.5, 0.8 and 0.9 are always computed besides these.</summary>
    public IReadOnlyList<double> Fractions { get; init; } = ConvergenceMath.DefaultFractions;
    /// <summary>Level of every t interval (two-sided).</summary>
    public double ConfidenceLevel { get; init; } = 0.95;
    public bool Plots { get; init; } = true;
    /// <summary>Most GVM runs to draw allocation diagnostics for (lowest seeds first).</summary>
    public int MaxAllocationPlots { get; init; } = 8;

    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var e = new List<(string, string)>();
        if (Fractions.Count == 0 || Fractions.Any(x => !(x > 0 && x <= 1.5)))
            e.Add(("fractions", "need at least one, each in (0, 1.5]"));
        if (ConfidenceLevel is <= 0 or >= 1) e.Add(("confidence_level", "must be in (0, 1)"));
        if (MaxAllocationPlots < 0) e.Add(("max_allocation_plots", "must be >= 0"));
        return e;
    }
}
