using Gvm.Core.Metrics;

namespace Gvm.Tracking.Mlflow;

/// <summary>An MLflow experiment (spec §2.1).</summary>
public sealed record MlflowExperiment(string ExperimentId, string Name, string ArtifactLocation, string LifecycleStage)
{
    public bool IsDeleted => LifecycleStage == "deleted";
}

/// <summary>The parts of a Run the tracker uses: info plus params and tags (latest metrics are not kept).</summary>
public sealed record MlflowRun(
    string RunId,
    string ExperimentId,
    string RunName,
    MlflowRunStatus Status,
    long StartTime,
    long? EndTime,
    string ArtifactUri,
    string LifecycleStage,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>One page of runs/search.</summary>
public sealed record MlflowRunPage(IReadOnlyList<MlflowRun> Runs, string? NextPageToken);

/// <summary>One page of metrics/get-history.</summary>
public sealed record MlflowMetricPage(IReadOnlyList<MetricPoint> Metrics, string? NextPageToken);
