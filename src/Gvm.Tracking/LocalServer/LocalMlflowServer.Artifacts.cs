using System.Net;
using System.Text.Json;

namespace Gvm.Tracking.LocalServer;

/// <summary>The artifact endpoints of the local server (MLflow's artifact proxy and the tracking API's artifacts/list).</summary>
public sealed partial class LocalMlflowServer
{
    private const string ArtifactsPrefix = "api/2.0/mlflow-artifacts/artifacts/";

    /// <summary>
    /// The artifact proxy (<c>mlflow server</c>'s default <c>--serve-artifacts</c>): PUT uploads a file (replacing one
    /// of the same path), GET on a path downloads it, GET with <c>?path=DIR</c> lists one directory (names relative
    /// to it, <c>is_dir</c>, <c>file_size</c> for files; no <c>files</c> key when empty). Paths are
    /// <c>&lt;experiment&gt;/&lt;run&gt;/artifacts/&lt;relative&gt;</c> and refused with 400 "Invalid path" when they
    /// climb out (<c>..</c>), are absolute or have empty segments, as MLflow's <c>validate_path_is_safe</c> does.
    /// </summary>
    private async Task<(int, byte[])> ArtifactsAsync(HttpListenerRequest request, string endpoint)
    {
        var raw = endpoint.Length > ArtifactsPrefix.Length ? endpoint[ArtifactsPrefix.Length..] : "";
        switch (request.HttpMethod)
        {
            case "PUT":
            {
                var (run, relative) = ArtifactTarget(raw);
                using var ms = new MemoryStream();
                await request.InputStream.CopyToAsync(ms).ConfigureAwait(false);
                lock (_gate)
                {
                    RunOf(run).Artifacts[relative] = ms.ToArray();
                    ArtifactContentTypes[(run, relative)] = request.ContentType ?? "";
                    _artifactUploads++;
                }
                return (200, "{}"u8.ToArray());
            }
            case "GET" when raw.Length > 0:
            {
                var (run, relative) = ArtifactTarget(raw);
                lock (_gate)
                {
                    return RunOf(run).Artifacts.TryGetValue(relative, out var bytes)
                        ? (200, bytes)
                        : throw new ServerError(404, "RESOURCE_DOES_NOT_EXIST", $"No such file or directory: '{relative}'");
                }
            }
            case "GET":
            {
                var path = request.QueryString["path"] ?? "";
                var parts = SafeParts(path);
                if (parts.Length < 3 || parts[2] != "artifacts") return (200, "{}"u8.ToArray()); // not a run's folder: nothing listed
                lock (_gate) return (200, ListDirectory(RunOf(parts[1]), string.Join('/', parts[3..]), fullPaths: false));
            }
            default:
                throw new ServerError(404, "ENDPOINT_NOT_FOUND", $"no handler for {request.HttpMethod} {endpoint}");
        }
    }

    /// <summary><c>GET /api/2.0/mlflow/artifacts/list?run_id=&amp;path=</c>: root_uri and one directory, paths relative to the run's root.</summary>
    private static byte[] ListRunArtifacts(ServerRun run, string? path)
    {
        var prefix = string.Join('/', SafeParts(path ?? ""));
        var listing = ListDirectory(run, prefix, fullPaths: true);
        using var doc = JsonDocument.Parse(listing);
        return Json(w =>
        {
            w.WriteString("root_uri", run.ArtifactUri);
            if (doc.RootElement.TryGetProperty("files", out var files))
            {
                w.WritePropertyName("files");
                files.WriteTo(w);
            }
        });
    }

    private static byte[] ListDirectory(ServerRun run, string directory, bool fullPaths)
    {
        var prefix = directory.Length == 0 ? "" : directory + "/";
        var entries = new SortedDictionary<string, long?>(StringComparer.Ordinal); // name → size (null: a directory)
        foreach (var (path, bytes) in run.Artifacts.Where(a => a.Key.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var rest = path[prefix.Length..];
            var slash = rest.IndexOf('/');
            if (slash < 0) entries[rest] = bytes.LongLength;
            else entries[rest[..slash]] = null;
        }
        return Json(w =>
        {
            if (entries.Count == 0) return;
            w.WriteStartArray("files");
            foreach (var (name, size) in entries)
            {
                w.WriteStartObject();
                w.WriteString("path", fullPaths ? prefix + name : name);
                w.WriteBoolean("is_dir", size is null);
                if (size is { } s) w.WriteNumber("file_size", s);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }

    /// <summary><c>&lt;exp&gt;/&lt;run&gt;/artifacts/&lt;relative...&gt;</c> → run id and relative path.</summary>
    private static (string Run, string Relative) ArtifactTarget(string raw)
    {
        var parts = SafeParts(raw);
        if (parts.Length < 4 || parts[2] != "artifacts") throw Invalid($"Invalid path: '{raw}' is not <experiment>/<run>/artifacts/<file>");
        return (parts[1], string.Join('/', parts[3..]));
    }

    private static string[] SafeParts(string raw)
    {
        var path = Uri.UnescapeDataString(raw);
        if (path.Length == 0) return [];
        var parts = path.Split('/');
        if (path.StartsWith('/') || path.Contains('\\') || parts.Any(p => p is "" or "." or ".."))
            throw Invalid("Invalid path");
        return parts;
    }
}
