using System.Globalization;
using Gvm.Core.Metrics;

namespace Gvm.Tracking.Mlflow;

public sealed partial class MlflowRestClient
{
    /// <summary>Server limits of one runs/log-batch request (spec §3).</summary>
    public const int MaxMetricsPerBatch = 1000, MaxParamsPerBatch = 100, MaxTagsPerBatch = 100, MaxItemsPerBatch = 1000;

    /// <summary>runs/create. Always sends <c>start_time</c> (absent is stored as 0) and the experiment id.</summary>
    public async Task<MlflowRun> CreateRunAsync(string experimentId, string? runName, long startTimeMs,
        IEnumerable<KeyValuePair<string, string>> tags, CancellationToken cancellationToken = default)
    {
        var tagList = tags.ToList();
        var root = await PostAsync("runs/create", w =>
        {
            w.WriteString("experiment_id", experimentId);
            if (runName is not null) w.WriteString("run_name", runName);
            w.WriteNumber("start_time", startTimeMs);
            if (tagList.FirstOrDefault(t => t.Key == "mlflow.user").Value is { } user) w.WriteString("user_id", user);
            MlflowWire.WriteKeyValues(w, "tags", tagList);
        }, cancellationToken).ConfigureAwait(false);
        return MlflowWire.ParseRun(root.GetProperty("run"));
    }

    public async Task<MlflowRun> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        var root = await GetAsync("runs/get", [("run_id", runId)], cancellationToken).ConfigureAwait(false);
        return MlflowWire.ParseRun(root.GetProperty("run"));
    }

    /// <summary>runs/update: each of status, end time and name is applied only when given.</summary>
    public Task UpdateRunAsync(string runId, MlflowRunStatus? status, long? endTimeMs, string? runName = null, CancellationToken cancellationToken = default) =>
        PostAsync("runs/update", w =>
        {
            w.WriteString("run_id", runId);
            if (status is { } s) w.WriteString("status", s.ToWire());
            if (endTimeMs is { } e) w.WriteNumber("end_time", e);
            if (runName is not null) w.WriteString("run_name", runName);
        }, cancellationToken);

    /// <summary>One page of runs/search; <paramref name="viewType"/> is ACTIVE_ONLY, DELETED_ONLY or ALL.</summary>
    public async Task<MlflowRunPage> SearchRunsAsync(IReadOnlyList<string> experimentIds, string? filter, string viewType = "ACTIVE_ONLY",
        int maxResults = 1000, IReadOnlyList<string>? orderBy = null, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxResults, 50000);
        var root = await PostAsync("runs/search", w =>
        {
            w.WriteStartArray("experiment_ids");
            foreach (var id in experimentIds) w.WriteStringValue(id);
            w.WriteEndArray();
            if (filter is not null) w.WriteString("filter", filter);
            w.WriteString("run_view_type", viewType);
            w.WriteNumber("max_results", maxResults);
            if (orderBy is { Count: > 0 })
            {
                w.WriteStartArray("order_by");
                foreach (var o in orderBy) w.WriteStringValue(o);
                w.WriteEndArray();
            }
            if (pageToken is not null) w.WriteString("page_token", pageToken);
        }, cancellationToken).ConfigureAwait(false);
        return new MlflowRunPage(MlflowWire.Array(root, "runs").Select(MlflowWire.ParseRun).ToList(), MlflowWire.String(root, "next_page_token"));
    }

    /// <summary>All runs matching a filter, following page tokens until the last page.</summary>
    public async IAsyncEnumerable<MlflowRun> SearchAllRunsAsync(IReadOnlyList<string> experimentIds, string? filter, string viewType = "ACTIVE_ONLY",
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await SearchRunsAsync(experimentIds, filter, viewType, 1000, null, token, cancellationToken).ConfigureAwait(false);
            foreach (var r in page.Runs) yield return r;
            token = page.NextPageToken;
        } while (!string.IsNullOrEmpty(token));
    }

    /// <summary>
    /// One runs/log-batch request. The caller chunks (see <see cref="Tracking.LogBatchChunker"/>); this checks the
    /// server limits so a too-large batch fails here, not as a 400 after a round trip.
    /// </summary>
    public Task LogBatchAsync(string runId, IReadOnlyList<MetricPoint> metrics, IReadOnlyList<KeyValuePair<string, string>> parameters,
        IReadOnlyList<KeyValuePair<string, string>> tags, CancellationToken cancellationToken = default)
    {
        if (metrics.Count > MaxMetricsPerBatch || parameters.Count > MaxParamsPerBatch || tags.Count > MaxTagsPerBatch
            || metrics.Count + parameters.Count + tags.Count > MaxItemsPerBatch)
            throw new ArgumentException($"log-batch over the server limits: {metrics.Count} metrics, {parameters.Count} params, {tags.Count} tags " +
                $"(max {MaxMetricsPerBatch}/{MaxParamsPerBatch}/{MaxTagsPerBatch}, {MaxItemsPerBatch} in all)");
        return PostAsync("runs/log-batch", w =>
        {
            w.WriteString("run_id", runId);
            w.WriteStartArray("metrics");
            foreach (var m in metrics) MlflowWire.WriteMetric(w, m);
            w.WriteEndArray();
            MlflowWire.WriteKeyValues(w, "params", parameters);
            MlflowWire.WriteKeyValues(w, "tags", tags);
        }, cancellationToken);
    }

    public Task SetTagAsync(string runId, string key, string value, CancellationToken cancellationToken = default) =>
        PostAsync("runs/set-tag", w =>
        {
            w.WriteString("run_id", runId);
            w.WriteString("key", key);
            w.WriteString("value", value);
        }, cancellationToken);

    public Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken = default) =>
        PostAsync("runs/delete-tag", w =>
        {
            w.WriteString("run_id", runId);
            w.WriteString("key", key);
        }, cancellationToken);

    /// <summary>One page of metrics/get-history; <c>max_results</c> is always sent (absent reads as 0 on the server).</summary>
    public async Task<MlflowMetricPage> GetMetricHistoryPageAsync(string runId, string key, int maxResults = 25000, string? pageToken = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 1);
        var query = new List<(string, string)> { ("run_id", runId), ("metric_key", key), ("max_results", maxResults.ToString(CultureInfo.InvariantCulture)) };
        if (pageToken is not null) query.Add(("page_token", pageToken));
        var root = await GetAsync("metrics/get-history", query, cancellationToken).ConfigureAwait(false);
        return new MlflowMetricPage(MlflowWire.Array(root, "metrics").Select(MlflowWire.ParseMetric).ToList(), MlflowWire.String(root, "next_page_token"));
    }

    /// <summary>The whole history of one metric, page by page.</summary>
    public async Task<IReadOnlyList<MetricPoint>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default)
    {
        var all = new List<MetricPoint>();
        string? token = null;
        do
        {
            var page = await GetMetricHistoryPageAsync(runId, key, 25000, token, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Metrics);
            token = page.NextPageToken;
        } while (!string.IsNullOrEmpty(token));
        return all;
    }
}
