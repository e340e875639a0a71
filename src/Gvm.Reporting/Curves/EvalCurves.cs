using Gvm.Core.Runs;
using Gvm.Core.Runs.Files;
using Gvm.Reporting.Inputs;

namespace Gvm.Reporting.Curves;

/// <summary>Turns a run's metrics.jsonl into eval curves on any <see cref="CostAxis"/>.</summary>
public static class EvalCurves
{
    /// <summary>
    /// The accuracy in <paramref name="column"/> at each eval record, against the cumulative cost on
    /// <paramref name="axis"/> at that record's step: the value of the last record (by step, then file order) at or
    /// before that step carrying the cost metric; 0 before any (an eval at step 0 has cost nothing). When a run never
    /// writes cost/seconds_cum, seconds fall back to the record time minus the first record's time.
    /// Returns <see cref="Curve.Empty"/> when the axis metric is never written.
    /// </summary>
    public static Curve Build(IReadOnlyList<MetricRecord> metrics, string column, CostAxis axis)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var ordered = metrics.Select((m, i) => (m, i)).OrderBy(t => t.m.Step).ThenBy(t => t.i).Select(t => t.m).ToArray();
        var key = axis.MetricKey();
        var useTime = axis == CostAxis.Seconds && !ordered.Any(m => m.Values.ContainsKey(MetricNames.SecondsCum));
        if (key is not null && !useTime && !ordered.Any(m => m.Values.ContainsKey(key))) return Curve.Empty;
        var t0 = ordered.Select(m => m.Time).FirstOrDefault(double.IsFinite, double.NaN);

        var xs = new List<double>();
        var ys = new List<double>();
        double cost = 0;
        foreach (var m in ordered)
        {
            if (key is not null && m.TryGet(key, out var c) && double.IsFinite(c)) cost = c;
            if (!Benchmarks.IsEval(m)) continue;
            var y = Benchmarks.ValueOf(m, column);
            if (!double.IsFinite(y)) continue;
            var x = axis switch
            {
                CostAxis.Steps => m.Step,
                _ when useTime => m.Time - t0,
                _ => cost,
            };
            if (!double.IsFinite(x)) continue;
            xs.Add(x);
            ys.Add(y);
        }
        return new Curve(xs.ToArray(), ys.ToArray());
    }

    /// <summary>The final value of a cumulative metric (the last record carrying it), or NaN.</summary>
    public static double Final(IReadOnlyList<MetricRecord> metrics, string key)
    {
        for (var i = metrics.Count - 1; i >= 0; i--)
            if (metrics[i].TryGet(key, out var v)) return v;
        return double.NaN;
    }

    /// <summary>Sum of a per-step metric over all records, or NaN when never written.</summary>
    public static double Sum(IReadOnlyList<MetricRecord> metrics, string key)
    {
        double sum = 0;
        var any = false;
        foreach (var m in metrics)
            if (m.TryGet(key, out var v) && double.IsFinite(v)) { sum += v; any = true; }
        return any ? sum : double.NaN;
    }

    /// <summary>Steps of the eval records, in order.</summary>
    public static long[] EvalSteps(IReadOnlyList<MetricRecord> metrics) =>
        metrics.Where(Benchmarks.IsEval).Select(m => m.Step).ToArray();
}
