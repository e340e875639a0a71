using Gvm.Core.Metrics;

namespace Gvm.Tracking.LocalServer;

/// <summary>A fault the local server answers one matching request with (then forgets it).</summary>
/// <param name="PathContains">Part of the request path that selects the request (e.g. "runs/log-batch").</param>
/// <param name="Status">HTTP status to answer; ignored when <paramref name="Reset"/>.</param>
/// <param name="ErrorCode">MLflow error_code of the body.</param>
/// <param name="RetryAfterSeconds">Retry-After header, if any.</param>
/// <param name="Reset">Abort the connection instead of answering (a server going away).</param>
/// <param name="AfterHandling">Handle the request first, then abort: the write happened but the answer is lost.</param>
public sealed record ServerFault(string PathContains, int Status = 503, string? ErrorCode = "TEMPORARILY_UNAVAILABLE", int? RetryAfterSeconds = null,
    bool Reset = false, bool AfterHandling = false);

/// <summary>Server-side state of one experiment.</summary>
public sealed class ServerExperiment(string id, string name, long created)
{
    public string Id { get; } = id;
    public string Name { get; } = name;
    public long Created { get; } = created;
    public string LifecycleStage { get; set; } = "active";
}

/// <summary>Server-side state of one run.</summary>
public sealed class ServerRun(string id, string experimentId, string name, long startTime)
{
    public string Id { get; } = id;
    public string ExperimentId { get; } = experimentId;
    public string Name { get; set; } = name;
    public string Status { get; set; } = "RUNNING";
    public long StartTime { get; } = startTime;
    public long? EndTime { get; set; }
    public string LifecycleStage { get; set; } = "active";
    public Dictionary<string, string> Params { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<MetricPoint>> Metrics { get; } = new(StringComparer.Ordinal);
    public HashSet<MetricPoint> Seen { get; } = [];
    public Dictionary<string, byte[]> Artifacts { get; } = new(StringComparer.Ordinal);
    public long MetricCount { get; set; }
    public string ArtifactUri => $"mlflow-artifacts:/{ExperimentId}/{Id}/artifacts";
}
