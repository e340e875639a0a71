using Gvm.Core.Metrics;

namespace Gvm.Tracking.Tracking;

/// <summary>One runs/log-batch request's worth of items.</summary>
public sealed record LogBatch(
    IReadOnlyList<MetricPoint> Metrics,
    IReadOnlyList<KeyValuePair<string, string>> Params,
    IReadOnlyList<KeyValuePair<string, string>> Tags)
{
    public int Count => Metrics.Count + Params.Count + Tags.Count;
}

/// <summary>Splits metrics, params and tags into requests within MLflow's log-batch limits (spec §3, §9 "Batching").</summary>
public static class LogBatchChunker
{
    public const int MaxMetrics = 1000, MaxParams = 100, MaxTags = 100, MaxItems = 1000;

    /// <summary>
    /// As MLflow's Python client does: while params or tags remain, each request takes up to 100 params and 100 tags
    /// and fills the rest with up to 1000 − params − tags metrics; leftover metrics go in metric-only requests of
    /// up to 1000. Order within each kind is kept. Nothing is returned for empty input.
    /// </summary>
    public static IEnumerable<LogBatch> Chunk(IReadOnlyList<MetricPoint> metrics, IReadOnlyList<KeyValuePair<string, string>> parameters,
        IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        int m = 0, p = 0, t = 0;
        while (p < parameters.Count || t < tags.Count)
        {
            var np = Math.Min(MaxParams, parameters.Count - p);
            var nt = Math.Min(MaxTags, tags.Count - t);
            var nm = Math.Min(Math.Min(MaxMetrics, MaxItems - np - nt), metrics.Count - m);
            yield return new LogBatch(Slice(metrics, m, nm), Slice(parameters, p, np), Slice(tags, t, nt));
            m += nm; p += np; t += nt;
        }
        while (m < metrics.Count)
        {
            var nm = Math.Min(MaxMetrics, metrics.Count - m);
            yield return new LogBatch(Slice(metrics, m, nm), [], []);
            m += nm;
        }
    }

    private static T[] Slice<T>(IReadOnlyList<T> items, int start, int count)
    {
        var a = new T[count];
        for (var i = 0; i < count; i++) a[i] = items[start + i];
        return a;
    }
}
