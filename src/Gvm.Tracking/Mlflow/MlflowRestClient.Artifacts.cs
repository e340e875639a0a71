using System.Net.Http.Headers;

namespace Gvm.Tracking.Mlflow;

/// <summary>One entry of an artifact listing (mlflow-artifacts list: names relative to the listed directory).</summary>
public sealed record MlflowArtifactFile(string Path, bool IsDir, long? FileSize);

public sealed partial class MlflowRestClient
{
    private const string ProxiedScheme = "mlflow-artifacts:";
    private const string ArtifactsApi = "api/2.0/mlflow-artifacts/artifacts";

    /// <summary>Whether files can be uploaded for a run with this artifact URI: only when the server proxies artifacts.</summary>
    public static bool ServesArtifacts(string artifactUri) => artifactUri.StartsWith(ProxiedScheme, StringComparison.Ordinal);

    /// <summary>
    /// Uploads one file under a run's artifact root through the server's artifact proxy
    /// (<c>PUT /api/2.0/mlflow-artifacts/artifacts/&lt;exp&gt;/&lt;run&gt;/artifacts/&lt;path&gt;</c>, as MLflow's
    /// HttpArtifactRepository does; used when the run's artifact URI is <c>mlflow-artifacts:/...</c>, the default of
    /// <c>mlflow server</c>, which serves artifacts unless started with <c>--no-serve-artifacts</c>). The file is
    /// streamed from disk (opened again for each retry). A second upload of the same path replaces the file. Returns
    /// false, sending nothing, when the server does not proxy artifacts (s3:, file:, ...).
    /// </summary>
    public async Task<bool> UploadArtifactAsync(string artifactUri, string relativePath, string localFile, CancellationToken cancellationToken = default)
    {
        if (!ServesArtifacts(artifactUri)) return false;
        var url = $"{_base}/{ArtifactsApi}/{string.Join('/', ArtifactSegments(artifactUri, relativePath).Select(Uri.EscapeDataString))}";
        var type = new MediaTypeHeaderValue(MimeTypeOf(relativePath));
        await SendAsync(HttpMethod.Put, "mlflow-artifacts/artifacts", url, () =>
        {
            var stream = new FileStream(localFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return new StreamContent(stream, 1 << 16) { Headers = { ContentType = type, ContentLength = stream.Length } };
        }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Lists one directory of a run's artifacts through the proxy (<c>GET /api/2.0/mlflow-artifacts/artifacts?path=</c>):
    /// entries named relative to that directory, sorted by name. Empty when the server does not proxy artifacts.
    /// </summary>
    public async Task<IReadOnlyList<MlflowArtifactFile>> ListArtifactsAsync(string artifactUri, string? directory = null, CancellationToken cancellationToken = default)
    {
        if (!ServesArtifacts(artifactUri)) return [];
        var path = string.Join('/', ArtifactSegments(artifactUri, directory ?? ""));
        var root = await SendAsync(HttpMethod.Get, "mlflow-artifacts/artifacts", $"{_base}/{ArtifactsApi}?path={Uri.EscapeDataString(path)}", null, cancellationToken)
            .ConfigureAwait(false);
        return MlflowWire.Array(root, "files")
            .Select(f => new MlflowArtifactFile(MlflowWire.String(f, "path") ?? "", f.TryGetProperty("is_dir", out var d) && d.GetBoolean(), MlflowWire.Int64(f, "file_size")))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The path segments under the proxy's root: <c>mlflow-artifacts:/12/&lt;run&gt;/artifacts</c> or
    /// <c>mlflow-artifacts://host:port/12/&lt;run&gt;/artifacts</c>, then the relative path.
    /// </summary>
    private static IEnumerable<string> ArtifactSegments(string artifactUri, string relativePath)
    {
        var rest = artifactUri[ProxiedScheme.Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var slash = rest.IndexOf('/', 2);
            rest = slash < 0 ? "" : rest[slash..];
        }
        return rest.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Concat(relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The Content-Type MLflow's client guesses from the file name, for the files a sweep uploads.</summary>
    internal static string MimeTypeOf(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => "application/json",
        ".jsonl" or ".log" or ".txt" => "text/plain",
        ".md" => "text/markdown",
        ".csv" => "text/csv",
        ".png" => "image/png",
        ".svg" => "image/svg+xml",
        ".html" => "text/html",
        _ => "application/octet-stream",
    };
}
