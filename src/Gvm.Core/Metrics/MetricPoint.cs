namespace Gvm.Core.Metrics;

/// <summary>One metric value at a step; <see cref="TimestampMs"/> is unix milliseconds (MLflow's convention).</summary>
public readonly record struct MetricPoint(string Key, double Value, long TimestampMs, long Step);
