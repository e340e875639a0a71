using Gvm.Core.Runs.Files;
using Gvm.Reporting.Inputs;

namespace Gvm.Reporting.Curves;

/// <summary>Per-step training metrics (train/reward_mean, train/kl, ...) of a run as curves against the trainer step.</summary>
public static class MetricCurves
{
    /// <summary>
    /// The finite values of <paramref name="key"/> against their step, in step order; when a step appears twice (a
    /// resumed run rewrote it) the later record wins. <see cref="Curve.Empty"/> when the run never logs the key.
    /// </summary>
    public static Curve Build(IReadOnlyList<MetricRecord> metrics, string key)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var byStep = new SortedDictionary<long, double>();
        foreach (var m in metrics)
            if (m.TryGet(key, out var v) && double.IsFinite(v)) byStep[m.Step] = v;
        return byStep.Count == 0 ? Curve.Empty : new Curve(byStep.Keys.Select(s => (double)s).ToArray(), byStep.Values.ToArray());
    }
}
