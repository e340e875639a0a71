using System.Globalization;
using System.Text;
using Gvm.Core.IO;
using Gvm.Core.Metrics;
using Gvm.Tracking.Mlflow;

namespace Gvm.Tracking.Export;

/// <summary>A run as the FileStore records it.</summary>
public sealed record MlrunsRun(
    string RunId,
    string RunName,
    string UserId,
    long StartTime,
    long? EndTime,
    MlflowRunStatus Status,
    IReadOnlyList<KeyValuePair<string, string>> Params,
    IReadOnlyList<KeyValuePair<string, string>> Tags);

/// <summary>
/// Writes MLflow's FileStore layout (spec §5): experiment and run <c>meta.yaml</c> byte for byte as MLflow 3.11
/// writes them (plus <c>run_uuid</c> for 2.x readers when asked), params/tags as raw files without a newline, metric
/// histories as "timestamp value step" lines with Python float repr. Meta files are written by temp file + rename.
/// </summary>
public sealed class MlrunsWriter(string root, string rootUri, bool includeRunUuid = true)
{
    public string Root { get; } = Path.GetFullPath(root);
    public string RootUri { get; } = rootUri.TrimEnd('/');

    /// <summary>Creates the root, <c>.trash/</c> and the Default experiment <c>0</c> (unless present), as opening a new store does.</summary>
    public void EnsureRoot(long creationTime)
    {
        Directory.CreateDirectory(Path.Combine(Root, ".trash"));
        if (!File.Exists(Path.Combine(Root, "0", "meta.yaml"))) WriteExperiment("0", "Default", creationTime);
    }

    public string ExperimentDir(string experimentId) => Path.Combine(Root, experimentId);

    public void WriteExperiment(string experimentId, string name, long creationTime)
    {
        var dir = ExperimentDir(experimentId);
        Directory.CreateDirectory(dir);
        var sb = new StringBuilder()
            .Append(YamlScalar.Line("artifact_location", $"{RootUri}/{experimentId}"))
            .Append(YamlScalar.Line("creation_time", creationTime))
            .Append(YamlScalar.Line("experiment_id", experimentId))
            .Append(YamlScalar.Line("last_update_time", creationTime))
            .Append(YamlScalar.Line("lifecycle_stage", "active"))
            .Append(YamlScalar.Line("name", name))
            .Append("trace_location: null\n")
            .Append(YamlScalar.Line("workspace", "default"));
        AtomicFile.WriteAllText(Path.Combine(dir, "meta.yaml"), sb.ToString());
    }

    public string RunDir(string experimentId, string runId) => Path.Combine(ExperimentDir(experimentId), runId);

    /// <summary>Creates the run's folders (metrics/, params/, tags/, artifacts/ must exist for MLflow ≥ 3.8) and writes meta, params and tags.</summary>
    public void WriteRun(string experimentId, MlrunsRun run)
    {
        var dir = RunDir(experimentId, run.RunId);
        foreach (var sub in new[] { "metrics", "params", "tags", "artifacts" }) Directory.CreateDirectory(Path.Combine(dir, sub));
        var sb = new StringBuilder()
            .Append(YamlScalar.Line("artifact_uri", $"{RootUri}/{experimentId}/{run.RunId}/artifacts"))
            .Append(YamlScalar.Line("end_time", run.EndTime))
            .Append(YamlScalar.Line("entry_point_name", ""))
            .Append(YamlScalar.Line("experiment_id", experimentId))
            .Append(YamlScalar.Line("lifecycle_stage", "active"))
            .Append(YamlScalar.Line("run_id", run.RunId))
            .Append(YamlScalar.Line("run_name", run.RunName));
        if (includeRunUuid) sb.Append(YamlScalar.Line("run_uuid", run.RunId));
        sb.Append(YamlScalar.Line("source_name", ""))
            .Append("source_type: 4\n")
            .Append(YamlScalar.Line("source_version", ""))
            .Append(YamlScalar.Line("start_time", run.StartTime))
            .Append(YamlScalar.Line("status", (long)run.Status))
            .Append("tags: []\n")
            .Append(YamlScalar.Line("user_id", run.UserId));
        AtomicFile.WriteAllText(Path.Combine(dir, "meta.yaml"), sb.ToString());
        foreach (var (k, v) in run.Params) WriteRaw(Path.Combine(dir, "params"), k, v);
        foreach (var (k, v) in run.Tags) WriteRaw(Path.Combine(dir, "tags"), k, v);
    }

    /// <summary>One metric line; keys with '/' become nested folders.</summary>
    public static string MetricLine(in MetricPoint p) =>
        $"{p.TimestampMs.ToString(CultureInfo.InvariantCulture)} {PythonFloat.Repr(p.Value)} {p.Step.ToString(CultureInfo.InvariantCulture)}\n";

    public string MetricFile(string experimentId, string runId, string key) => KeyPath(Path.Combine(RunDir(experimentId, runId), "metrics"), key);

    private static void WriteRaw(string folder, string key, string value)
    {
        var path = KeyPath(folder, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(value));
    }

    private static string KeyPath(string folder, string key)
    {
        Tracking.TrackingKeys.EnsureValidKey(key, "file store");
        return Path.Combine([folder, .. key.Split('/')]);
    }
}
