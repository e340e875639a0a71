using Gvm.Core.Runs;

namespace Gvm.Reporting.Curves;

/// <summary>The cost axes every eval curve is available on.</summary>
public enum CostAxis
{
    /// <summary>Trainer steps.</summary>
    Steps,
    /// <summary>Optimizer updates (cost/optimizer_updates_cum).</summary>
    OptimizerUpdates,
    /// <summary>Rollouts generated, stage-1 presamples included (cost/rollouts_cum).</summary>
    Rollouts,
    /// <summary>Generated tokens, presampling included (cost/tokens_generated_cum).</summary>
    Tokens,
    /// <summary>Wall-clock (GPU-)seconds (cost/seconds_cum).</summary>
    Seconds,
}

public static class CostAxes
{
    public static readonly IReadOnlyList<CostAxis> All = Enum.GetValues<CostAxis>();

    /// <summary>The metrics.jsonl key of an axis; null for <see cref="CostAxis.Steps"/> (the record's step).</summary>
    public static string? MetricKey(this CostAxis axis) => axis switch
    {
        CostAxis.Steps => null,
        CostAxis.OptimizerUpdates => MetricNames.OptimizerUpdatesCum,
        CostAxis.Rollouts => MetricNames.RolloutsCum,
        CostAxis.Tokens => MetricNames.TokensGeneratedCum,
        CostAxis.Seconds => MetricNames.SecondsCum,
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, $"supported: {string.Join(", ", All)}"),
    };

    /// <summary>Column spelling in CSV files.</summary>
    public static string ToName(this CostAxis axis) => axis switch
    {
        CostAxis.Steps => "steps",
        CostAxis.OptimizerUpdates => "optimizer_updates",
        CostAxis.Rollouts => "rollouts",
        CostAxis.Tokens => "tokens",
        CostAxis.Seconds => "seconds",
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, $"supported: {string.Join(", ", All)}"),
    };

    /// <summary>Axis label in tables and plots.</summary>
    public static string ToLabel(this CostAxis axis) => axis switch
    {
        CostAxis.Steps => "trainer steps",
        CostAxis.OptimizerUpdates => "optimizer updates",
        CostAxis.Rollouts => "rollouts (incl. presamples)",
        CostAxis.Tokens => "generated tokens (incl. presampling)",
        CostAxis.Seconds => "wall-clock seconds",
        _ => throw new ArgumentOutOfRangeException(nameof(axis), axis, $"supported: {string.Join(", ", All)}"),
    };
}
