using Gvm.Core.Metrics;
using Gvm.Tracking.Mlflow;
using Gvm.Tracking.Stores;

namespace Gvm.Tracking.Tracking;

/// <summary>What identifies and describes a run when it is started (or found again).</summary>
public sealed record RunStart(
    string RunKey,
    string RunName,
    long StartTimeMs,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    IReadOnlyList<KeyValuePair<string, string>> Params,
    string? ParentRunId = null);

/// <summary>
/// Domain calls of experiment tracking over <see cref="ITrackingStore"/> (house style 12): idempotent run start by
/// <c>gvm.run_key</c>, key validation, value limits and chunking of every write into log-batch requests.
/// </summary>
public sealed class ExperimentTracker(ITrackingStore store)
{
    public ITrackingStore Store { get; } = store;

    public Task<MlflowExperiment> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default) =>
        Store.GetOrCreateExperimentAsync(name, cancellationToken);

    /// <summary>
    /// Finds the active run tagged <c>gvm.run_key</c> = <see cref="RunStart.RunKey"/> or creates it (with the key,
    /// name, user and parent tags set at creation, so it is never an orphan), then logs all params and tags. Params
    /// already logged with the same value are accepted by MLflow, so calling this again after a restart is safe.
    /// </summary>
    public async Task<MlflowRun> StartRunAsync(string experimentId, RunStart start, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(start.RunKey);
        var tags = Prepare(start.Tags, "tag", TrackingKeys.CutTag, allowOverride: true);
        tags.RemoveAll(t => t.Key is TrackingKeys.RunKey or TrackingKeys.ParentRunId or TrackingKeys.RunName);
        var createTags = new List<KeyValuePair<string, string>> { new(TrackingKeys.RunKey, start.RunKey), new(TrackingKeys.RunName, start.RunName) };
        if (start.ParentRunId is not null) createTags.Add(new(TrackingKeys.ParentRunId, start.ParentRunId));
        if (tags.FirstOrDefault(t => t.Key == TrackingKeys.User) is { Key: not null } user) createTags.Add(user);
        var parameters = Prepare(start.Params, "param", TrackingKeys.CutParam, allowOverride: false);

        var run = await Store.FindRunByTagAsync(experimentId, TrackingKeys.RunKey, start.RunKey, cancellationToken).ConfigureAwait(false)
            ?? await Store.CreateRunAsync(experimentId, start.RunName, start.StartTimeMs, createTags, cancellationToken).ConfigureAwait(false);
        tags.InsertRange(0, createTags);
        await LogAsync(run.RunId, [], parameters, tags, cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>Logs any mix of metrics, params and tags in as few log-batch requests as the limits allow.</summary>
    public async Task LogAsync(string runId, IReadOnlyList<MetricPoint> metrics, IReadOnlyList<KeyValuePair<string, string>> parameters,
        IReadOnlyList<KeyValuePair<string, string>> tags, CancellationToken cancellationToken = default)
    {
        foreach (var batch in LogBatchChunker.Chunk(metrics, parameters, tags))
            await Store.LogBatchAsync(runId, batch.Metrics, batch.Params, batch.Tags, cancellationToken).ConfigureAwait(false);
    }

    public Task LogMetricsAsync(string runId, IReadOnlyList<MetricPoint> metrics, CancellationToken cancellationToken = default) =>
        LogAsync(runId, metrics, [], [], cancellationToken);

    public Task EndRunAsync(string runId, MlflowRunStatus status, long endTimeMs, CancellationToken cancellationToken = default) =>
        Store.UpdateRunAsync(runId, status, endTimeMs, cancellationToken);

    /// <summary>Every file under <paramref name="directory"/> as paths relative to it ('/' separators), in ordinal order.</summary>
    public static IReadOnlyList<string> FilesUnder(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Validates keys, cuts values to the server limits and removes repeats (a param repeated with another value is an error).</summary>
    private static List<KeyValuePair<string, string>> Prepare(IReadOnlyList<KeyValuePair<string, string>> items, string kind,
        Func<string, string> cut, bool allowOverride)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var list = new List<KeyValuePair<string, string>>(items.Count);
        foreach (var (key, raw) in items)
        {
            TrackingKeys.EnsureValidKey(key, kind);
            var value = cut(raw ?? "");
            if (index.TryGetValue(key, out var at))
            {
                if (list[at].Value == value) continue;
                if (!allowOverride) throw new ArgumentException($"{kind} '{key}' is given twice with different values ('{list[at].Value}', '{value}')");
                list[at] = new(key, value);
                continue;
            }
            index[key] = list.Count;
            list.Add(new(key, value));
        }
        return list;
    }
}
