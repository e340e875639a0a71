using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gvm.Core.Metrics;
using Gvm.Tracking.Mlflow;

namespace Gvm.Tracking.LocalServer;

public sealed partial class LocalMlflowServer
{
    private sealed class ServerError(int status, string code, string message) : Exception(message)
    {
        public int Status { get; } = status;
        public string Code { get; } = code;
    }

    private static ServerError Invalid(string message) => new(400, "INVALID_PARAMETER_VALUE", message);

    private async Task<(int, byte[])> HandleAsync(HttpListenerRequest request, string endpoint)
    {
        try
        {
            if (endpoint == "health") return (200, "OK"u8.ToArray());
            if (endpoint.StartsWith(ArtifactsPrefix, StringComparison.Ordinal) || endpoint == ArtifactsPrefix.TrimEnd('/'))
                return await ArtifactsAsync(request, endpoint).ConfigureAwait(false);
            JsonElement body = default;
            if (request.HttpMethod == "POST")
            {
                if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
                    throw Invalid("Content-Type header is missing or not application/json");
                using var doc = await JsonDocument.ParseAsync(request.InputStream).ConfigureAwait(false);
                body = doc.RootElement.Clone();
            }
            string Q(string name) => request.QueryString[name] ?? throw Invalid($"Missing value for required parameter '{name}'");
            byte[] result;
            lock (_gate)
            {
                result = (request.HttpMethod, endpoint) switch
                {
                    ("GET", "experiments/get-by-name") => Json(w => WriteExperiment(w, _experiments.Values.FirstOrDefault(e => e.Name == Q("experiment_name"))
                        ?? throw new ServerError(404, "RESOURCE_DOES_NOT_EXIST", $"Could not find experiment with name '{Q("experiment_name")}'"))),
                    ("GET", "experiments/get") => Json(w => WriteExperiment(w, _experiments.GetValueOrDefault(Q("experiment_id"))
                        ?? throw new ServerError(404, "RESOURCE_DOES_NOT_EXIST", $"No Experiment with id={Q("experiment_id")} exists"))),
                    ("POST", "experiments/create") => CreateExperiment(body),
                    ("POST", "runs/create") => CreateRun(body),
                    ("GET", "runs/get") => Json(w => { w.WritePropertyName("run"); WriteRun(w, RunOf(Q("run_id"))); }),
                    ("POST", "runs/update") => UpdateRun(body),
                    ("POST", "runs/search") => SearchRuns(body),
                    ("POST", "runs/log-batch") => LogBatch(body),
                    ("POST", "runs/set-tag") => Do(() => ActiveRun(body).Tags[Str(body, "key", true)!] = Str(body, "value") ?? ""),
                    ("POST", "runs/delete-tag") => Do(() =>
                    {
                        var run = ActiveRun(body);
                        if (!run.Tags.Remove(Str(body, "key", true)!)) throw new ServerError(404, "RESOURCE_DOES_NOT_EXIST", $"No tag with name: {Str(body, "key")} in run with id {run.Id}");
                    }),
                    ("GET", "artifacts/list") => ListRunArtifacts(RunOf(Q("run_id")), request.QueryString["path"]),
                    ("GET", "metrics/get-history") => History(RunOf(Q("run_id")), Q("metric_key"), request.QueryString["max_results"], request.QueryString["page_token"]),
                    _ => throw new ServerError(404, "ENDPOINT_NOT_FOUND", $"no handler for {request.HttpMethod} {endpoint}"),
                };
            }
            return (200, result);
        }
        catch (ServerError e)
        {
            return (e.Status, Error(e.Code, e.Message));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return (400, Error("INVALID_PARAMETER_VALUE", e.Message));
        }
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Do(Action action)
    {
        action();
        return "{}"u8.ToArray();
    }

    /// <summary>A string field; ids sent as JSON numbers are refused as the real server does (spec §1 "ID fields").</summary>
    private static string? Str(JsonElement body, string name, bool required = false)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            return required ? throw Invalid($"Missing value for required parameter '{name}'") : null;
        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw Invalid($"Invalid value {v.GetRawText()} for parameter '{name}' supplied");
    }

    private ServerRun RunOf(string id) =>
        _runs.GetValueOrDefault(id) ?? throw new ServerError(404, "RESOURCE_DOES_NOT_EXIST", $"Run with id={id} not found");

    private ServerRun ActiveRun(JsonElement body)
    {
        var run = RunOf(Str(body, "run_id", true)!);
        return run.LifecycleStage == "active" ? run : throw Invalid($"The run {run.Id} must be in the 'active' state");
    }

    private byte[] CreateExperiment(JsonElement body)
    {
        var name = Str(body, "name", true)!;
        if (name.Length == 0 || name.Length > 500) throw Invalid("Invalid experiment name");
        if (_experiments.Values.Any(e => e.Name == name))
            throw new ServerError(400, "RESOURCE_ALREADY_EXISTS", $"Experiment '{name}' already exists.");
        var id = (_nextExperiment++).ToString(CultureInfo.InvariantCulture);
        _experiments[id] = new ServerExperiment(id, name, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return Json(w => w.WriteString("experiment_id", id));
    }

    private byte[] CreateRun(JsonElement body)
    {
        var expId = Str(body, "experiment_id") ?? "0";
        var exp = _experiments.GetValueOrDefault(expId) ?? throw new ServerError(404, "RESOURCE_DOES_NOT_EXIST", $"No Experiment with id={expId} exists");
        if (exp.LifecycleStage != "active") throw Invalid($"The experiment {expId} must be in the 'active' state");
        var tags = MlflowWire.KeyValues(body, "tags");
        var name = Str(body, "run_name") ?? tags.GetValueOrDefault("mlflow.runName") ?? "local-run";
        if (tags.TryGetValue("mlflow.runName", out var tagName) && tagName != name) throw Invalid("run_name and the mlflow.runName tag differ");
        var run = new ServerRun(Guid.NewGuid().ToString("N"), expId, name, MlflowWire.Int64(body, "start_time") ?? 0);
        foreach (var (k, v) in tags) run.Tags[k] = v;
        run.Tags["mlflow.runName"] = name;
        _runs[run.Id] = run;
        return Json(w => { w.WritePropertyName("run"); WriteRun(w, run); });
    }

    private byte[] UpdateRun(JsonElement body)
    {
        var run = ActiveRun(body);
        if (Str(body, "status") is { } s) run.Status = MlflowRunStatusNames.Parse(s).ToWire();
        if (MlflowWire.Int64(body, "end_time") is { } e) run.EndTime = e;
        if (Str(body, "run_name") is { } n) run.Name = run.Tags["mlflow.runName"] = n;
        return Json(w =>
        {
            w.WriteStartObject("run_info");
            WriteRunInfo(w, run);
            w.WriteEndObject();
        });
    }

    [GeneratedRegex(@"^\s*(?:(tags?)|attributes?|attr|run)\.(`[^`]+`|""[^""]+""|[\w.]+)\s*(=|!=)\s*'([^']*)'\s*$")]
    private static partial Regex Clause();

    private byte[] SearchRuns(JsonElement body)
    {
        if (MlflowWire.Int64(body, "max_results") is not { } max || max < 1 || max > 50000) throw Invalid("max_results must be in [1, 50000]");
        var ids = MlflowWire.Array(body, "experiment_ids").Select(e => e.GetString()!).ToHashSet();
        var view = Str(body, "run_view_type") ?? "ACTIVE_ONLY";
        var clauses = (Str(body, "filter") ?? "").Split(" AND ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => Clause().Match(c) is { Success: true } m ? m : throw Invalid($"Invalid filter clause '{c}'")).ToList();
        var offset = Str(body, "page_token") is { } t ? int.Parse(t, CultureInfo.InvariantCulture) : 0;
        var matches = _runs.Values.Where(r => ids.Contains(r.ExperimentId))
            .Where(r => view == "ALL" || (view == "DELETED_ONLY") == (r.LifecycleStage == "deleted"))
            .Where(r => clauses.All(m =>
            {
                var key = m.Groups[2].Value.Trim('`', '"');
                var actual = m.Groups[1].Success ? r.Tags.GetValueOrDefault(key) : key switch { "status" => r.Status, "run_id" => r.Id, "run_name" => r.Name, _ => null };
                return (actual == m.Groups[4].Value) == (m.Groups[3].Value == "=");
            }))
            .OrderByDescending(r => r.StartTime).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        var page = matches.Skip(offset).Take((int)max).ToList();
        return Json(w =>
        {
            w.WriteStartArray("runs");
            foreach (var r in page) WriteRun(w, r);
            w.WriteEndArray();
            if (offset + page.Count < matches.Count) w.WriteString("next_page_token", (offset + page.Count).ToString(CultureInfo.InvariantCulture));
        });
    }

    private byte[] LogBatch(JsonElement body)
    {
        var run = ActiveRun(body);
        var metrics = MlflowWire.Array(body, "metrics").ToList();
        var ps = MlflowWire.Array(body, "params").Select(p => (Key: Str(p, "key", true)!, Value: Str(p, "value") ?? "")).ToList();
        var tags = MlflowWire.Array(body, "tags").Select(p => (Key: Str(p, "key", true)!, Value: Str(p, "value") ?? "")).ToList();
        if (metrics.Count > 1000) throw Invalid($"A batch logging request can contain at most 1000 metrics. Got {metrics.Count} metrics.");
        if (ps.Count > 100 || tags.Count > 100) throw Invalid("A batch logging request can contain at most 100 params and 100 tags.");
        if (metrics.Count + ps.Count + tags.Count > 1000) throw Invalid("A batch logging request can contain at most 1000 metrics, params and tags in total.");
        if (ps.GroupBy(p => p.Key).FirstOrDefault(g => g.Count() > 1) is { } dup) throw Invalid($"Duplicate parameter keys have been submitted: {dup.Key}");
        var points = metrics.Select(m =>
        {
            if (!m.TryGetProperty("timestamp", out _)) throw Invalid("Missing value for required parameter 'metrics[].timestamp'");
            if (m.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is not ("NaN" or "Infinity" or "-Infinity"))
                _ = double.Parse(v.GetString()!, CultureInfo.InvariantCulture);
            return MlflowWire.ParseMetric(m);
        }).ToList();
        var conflicts = ps.Where(p => run.Params.TryGetValue(p.Key, out var old) && old != p.Value).ToList();
        if (conflicts.Count > 0)
            throw Invalid($"Changing param values is not allowed. Params were already logged='{string.Join(", ", conflicts.Select(c => $"{c.Key}: {run.Params[c.Key]}"))}' for run ID='{run.Id}'.");
        foreach (var (k, v) in ps) run.Params[k] = v;
        foreach (var p in points)
        {
            if (Options.DeduplicateMetrics && !run.Seen.Add(p)) continue;
            run.MetricCount++;
            if (!Options.RetainMetrics) continue;
            if (!run.Metrics.TryGetValue(p.Key, out var list)) run.Metrics[p.Key] = list = [];
            list.Add(p);
        }
        foreach (var (k, v) in tags) run.Tags[k] = v;
        return "{}"u8.ToArray();
    }

    private byte[] History(ServerRun run, string key, string? maxResults, string? pageToken)
    {
        var max = maxResults is null ? 0 : int.Parse(maxResults, CultureInfo.InvariantCulture); // absent reads as 0, as in MLflow's handler
        var offset = pageToken is null ? 0 : int.Parse(pageToken, CultureInfo.InvariantCulture);
        var all = run.Metrics.GetValueOrDefault(key) ?? [];
        var page = all.Skip(offset).Take(max).ToList();
        return Json(w =>
        {
            w.WriteStartArray("metrics");
            foreach (var p in page) MlflowWire.WriteMetric(w, p);
            w.WriteEndArray();
            if (offset + page.Count < all.Count) w.WriteString("next_page_token", (offset + page.Count).ToString(CultureInfo.InvariantCulture));
        });
    }

    private static void WriteExperiment(Utf8JsonWriter w, ServerExperiment e)
    {
        w.WriteStartObject("experiment");
        w.WriteString("experiment_id", e.Id);
        w.WriteString("name", e.Name);
        w.WriteString("artifact_location", $"mlflow-artifacts:/{e.Id}");
        w.WriteString("lifecycle_stage", e.LifecycleStage);
        w.WriteNumber("creation_time", e.Created);
        w.WriteNumber("last_update_time", e.Created);
        w.WriteEndObject();
    }

    private static void WriteRunInfo(Utf8JsonWriter w, ServerRun r)
    {
        w.WriteString("run_id", r.Id);
        w.WriteString("run_uuid", r.Id);
        w.WriteString("run_name", r.Name);
        w.WriteString("experiment_id", r.ExperimentId);
        w.WriteString("user_id", r.Tags.GetValueOrDefault("mlflow.user") ?? "");
        w.WriteString("status", r.Status);
        w.WriteNumber("start_time", r.StartTime);
        if (r.EndTime is { } end) w.WriteNumber("end_time", end);
        w.WriteString("artifact_uri", r.ArtifactUri);
        w.WriteString("lifecycle_stage", r.LifecycleStage);
    }

    private static void WriteRun(Utf8JsonWriter w, ServerRun r)
    {
        w.WriteStartObject();
        w.WriteStartObject("info");
        WriteRunInfo(w, r);
        w.WriteEndObject();
        w.WriteStartObject("data");
        if (r.Params.Count > 0) MlflowWire.WriteKeyValues(w, "params", r.Params);
        if (r.Tags.Count > 0) MlflowWire.WriteKeyValues(w, "tags", r.Tags);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
