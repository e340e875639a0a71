namespace Gvm.Reporting.Inputs;

/// <summary>One line of a run's metrics.jsonl: the trainer step, unix time in seconds and the named values.</summary>
public sealed record MetricRecord(long Step, double Time, IReadOnlyDictionary<string, double> Values)
{
    public bool TryGet(string key, out double value) => Values.TryGetValue(key, out value);
}
