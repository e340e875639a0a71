using System.Text.Json;
using Gvm.Core;

namespace Gvm.Tracking.Journal;

/// <summary>Where forwarding one run's journal stands: its MLflow run and the first record (and point within it) not yet sent.</summary>
public sealed class RunCursor
{
    public string? RunId { get; set; }
    public string? ArtifactUri { get; set; }
    public long Offset { get; set; }
    /// <summary>
    /// Points of the metrics record at <see cref="Offset"/> already sent (a record may span several batches), or files
    /// of the artifacts record there already uploaded.
    /// </summary>
    public int Skip { get; set; }
}

/// <summary>
/// Progress of forwarding a sweep's journal to one tracking URI (<c>tracking/push/HASH.json</c>). Saved after every
/// successful request by temp file + rename, so a crashed push resumes where it stopped.
/// </summary>
public sealed class PushState
{
    public string TrackingUri { get; set; } = "";
    public string? ExperimentId { get; set; }
    public string? ParentKey { get; set; }
    public string? ParentRunId { get; set; }
    public string? ParentArtifactUri { get; set; }
    public long SweepOffset { get; set; }
    /// <summary>Files of the artifacts record at <see cref="SweepOffset"/> already uploaded.</summary>
    public int SweepSkip { get; set; }
    /// <summary>By run journal file name.</summary>
    public Dictionary<string, RunCursor> Runs { get; set; } = new(StringComparer.Ordinal);

    public static PushState Load(string path, string trackingUri)
    {
        if (!File.Exists(path)) return new PushState { TrackingUri = trackingUri };
        return JsonSerializer.Deserialize<PushState>(File.ReadAllText(path), GvmJson.Options)
            ?? throw new InvalidDataException($"{path}: empty push state");
    }

    /// <summary>Atomic against a process crash (rename); not fsynced, as a lost update only re-sends points the server deduplicates.</summary>
    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = $"{path}.tmp-{Environment.ProcessId}";
        File.WriteAllBytes(tmp, JsonSerializer.SerializeToUtf8Bytes(this, GvmJson.Options));
        File.Move(tmp, path, overwrite: true);
    }
}
