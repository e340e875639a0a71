using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Gvm.Tracking.LocalServer;

/// <summary>Behaviour switches of the local server.</summary>
public sealed record LocalServerOptions
{
    /// <summary>Drop a metric point identical to a stored one, as the SQL store does. Off = append like the FileStore (makes duplicates visible).</summary>
    public bool DeduplicateMetrics { get; init; } = true;
    /// <summary>Keep every point's history (off for benchmarks: count only, memory stays flat).</summary>
    public bool RetainMetrics { get; init; } = true;
}

/// <summary>
/// A small in-process MLflow tracking server on 127.0.0.1 for tests and benchmarks. It follows the documented
/// behaviour of the real server (../shared/specs/mlflow-tracking.md §1–§3): JSON content type required, ids as
/// strings, 400 RESOURCE_ALREADY_EXISTS for a taken experiment name, write-once params, log-batch limits,
/// max_results required, metric values as numbers or "NaN"/"Infinity" strings, artifact proxy uploads. Faults can
/// be injected per request (<see cref="Inject"/>) or for every request (<see cref="Down"/>).
/// </summary>
public sealed partial class LocalMlflowServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly ConcurrentQueue<ServerFault> _faults = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ServerExperiment> _experiments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServerRun> _runs = new(StringComparer.Ordinal);
    private long _nextExperiment = 1, _requests;

    public LocalMlflowServer(LocalServerOptions? options = null)
    {
        Options = options ?? new LocalServerOptions();
        _experiments["0"] = new ServerExperiment("0", "Default", 0);
        for (var attempt = 0; ; attempt++)
        {
            Port = FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // the port was taken between probing and binding: try another
            }
        }
        _loop = Task.Run(AcceptLoopAsync);
    }

    public LocalServerOptions Options { get; }
    public int Port { get; }
    public Uri Uri => new($"http://127.0.0.1:{Port}");

    /// <summary>While true every request has its connection aborted (the server is "down").</summary>
    public bool Down { get; set; }

    /// <summary>Called with the request path (e.g. "experiments/create") before it is handled; tests use it to act as a concurrent client.</summary>
    public Action<string>? BeforeRequest { get; set; }

    public long RequestCount => Interlocked.Read(ref _requests);

    /// <summary>The Authorization header of the latest request (to check credentials are sent).</summary>
    public string? LastAuthorization { get; private set; }

    public void Inject(ServerFault fault) => _faults.Enqueue(fault);

    /// <summary>Content-Type of each uploaded artifact, by run id and relative path.</summary>
    public Dictionary<(string Run, string Path), string> ArtifactContentTypes { get; } = [];

    /// <summary>Artifact uploads answered (PUT requests handled), replacements included.</summary>
    public int ArtifactUploads { get { lock (_gate) return _artifactUploads; } }
    private int _artifactUploads;

    public IReadOnlyList<ServerRun> Runs { get { lock (_gate) return _runs.Values.ToList(); } }

    public IReadOnlyList<ServerExperiment> Experiments { get { lock (_gate) return _experiments.Values.ToList(); } }

    /// <summary>Creates an experiment directly, as another client would.</summary>
    public string CreateExperiment(string name)
    {
        lock (_gate)
        {
            if (_experiments.Values.Any(e => e.Name == name)) throw new InvalidOperationException($"experiment '{name}' exists");
            var id = (_nextExperiment++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _experiments[id] = new ServerExperiment(id, name, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            return id;
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }
            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref _requests);
        var path = context.Request.Url!.AbsolutePath;
        var endpoint = path.StartsWith("/api/2.0/mlflow/", StringComparison.Ordinal) ? path["/api/2.0/mlflow/".Length..] : path.TrimStart('/');
        try
        {
            BeforeRequest?.Invoke(endpoint);
            if (Down)
            {
                await ResetAsync(context).ConfigureAwait(false);
                return;
            }
            LastAuthorization = context.Request.Headers["Authorization"];
            var fault = TakeFault(endpoint);
            if (fault is { AfterHandling: true })
            {
                await HandleAsync(context.Request, endpoint).ConfigureAwait(false);
                await ResetAsync(context).ConfigureAwait(false);
                return;
            }
            if (fault is not null)
            {
                if (fault.Reset)
                {
                    await ResetAsync(context).ConfigureAwait(false);
                    return;
                }
                if (fault.RetryAfterSeconds is { } ra) context.Response.AddHeader("Retry-After", ra.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await WriteAsync(context, fault.Status, Error(fault.ErrorCode ?? "INTERNAL_ERROR", "injected fault")).ConfigureAwait(false);
                return;
            }
            var (status, body) = await HandleAsync(context.Request, endpoint).ConfigureAwait(false);
            await WriteAsync(context, status, body).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // the client went away mid-answer; nothing to tell it
        }
    }

    /// <summary>
    /// The connection dies mid-answer: headers promise a body that never comes, then the socket is aborted
    /// (HttpListener has no way to refuse a connection it already accepted), so the client sees an I/O failure.
    /// </summary>
    private static async Task ResetAsync(HttpListenerContext context)
    {
        context.Response.StatusCode = 502;
        context.Response.ContentLength64 = 1 << 20;
        await context.Response.OutputStream.WriteAsync("{"u8.ToArray()).ConfigureAwait(false);
        await context.Response.OutputStream.FlushAsync().ConfigureAwait(false);
        context.Response.Abort();
    }

    private ServerFault? TakeFault(string endpoint)
    {
        if (!_faults.TryPeek(out var head) || !endpoint.Contains(head.PathContains, StringComparison.Ordinal)) return null;
        return _faults.TryDequeue(out var f) ? f : null;
    }

    private static async Task WriteAsync(HttpListenerContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        context.Response.Close();
    }

    internal static byte[] Error(string code, string message) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["error_code"] = code, ["message"] = message });

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop.ConfigureAwait(false);
    }
}
