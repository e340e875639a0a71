using System.Net.Http.Headers;

namespace Gvm.Tracking.Mlflow;

public sealed partial class MlflowRestClient
{
    private const string ProxiedScheme = "mlflow-artifacts:";

    /// <summary>Whether files can be uploaded for a run with this artifact URI: only when the server proxies artifacts.</summary>
    public static bool ServesArtifacts(string artifactUri) => artifactUri.StartsWith(ProxiedScheme, StringComparison.Ordinal);

    /// <summary>
    /// Uploads one file under a run's artifact root through the server's artifact proxy
    /// (<c>PUT /api/2.0/mlflow-artifacts/artifacts/&lt;path&gt;</c>, used when the run's artifact URI is
    /// <c>mlflow-artifacts:/...</c>, the default of <c>mlflow server --serve-artifacts</c>). Returns false, sending
    /// nothing, when the server does not serve artifacts (s3:, file:, ...).
    /// </summary>
    public async Task<bool> UploadArtifactAsync(string artifactUri, string relativePath, string localFile, CancellationToken cancellationToken = default)
    {
        if (!ServesArtifacts(artifactUri)) return false;
        // mlflow-artifacts:/12/<run>/artifacts or mlflow-artifacts://host:port/12/<run>/artifacts
        var rest = artifactUri[ProxiedScheme.Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var slash = rest.IndexOf('/', 2);
            rest = slash < 0 ? "" : rest[slash..];
        }
        var segments = rest.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Concat(relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
            .Select(Uri.EscapeDataString);
        var url = $"{_base}/api/2.0/mlflow-artifacts/artifacts/{string.Join('/', segments)}";
        var bytes = await File.ReadAllBytesAsync(localFile, cancellationToken).ConfigureAwait(false);
        await SendAsync(HttpMethod.Put, "mlflow-artifacts/artifacts", url,
            () => new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } },
            cancellationToken).ConfigureAwait(false);
        return true;
    }
}
