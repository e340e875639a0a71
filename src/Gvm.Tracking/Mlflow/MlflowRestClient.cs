using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gvm.Tracking.Mlflow;

/// <summary>
/// Client for MLflow's REST API (<c>/api/2.0/mlflow/...</c>, spec §2). Long-lived and thread-safe; owns its
/// HttpClient. Every call retries connection failures, 408, 429 and 5xx with capped exponential backoff and jitter
/// (<see cref="RetryBackoff"/>); other 4xx surface at once as <see cref="MlflowException"/>. Endpoints are in the
/// partial files MlflowRestClient.Experiments.cs, .Runs.cs and .Artifacts.cs.
/// </summary>
public sealed partial class MlflowRestClient : IDisposable, IAsyncDisposable
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };
    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly string _base;

    public MlflowRestClient(MlflowClientOptions options, ILogger<MlflowRestClient>? logger = null)
    {
        Options = options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = DecompressionMethods.All };
        if (options.InsecureTls) handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var inUri = TrackingUriText.Credentials(options.TrackingUri);
        if (options.Token is { } token)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        else if ((options.Username ?? inUri?.User) is { } user)
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{(options.Username is null ? inUri?.Password : options.Password)}")));
        // Never the user-info part: credentials travel in the Authorization header only (set above).
        _base = TrackingUriText.Redact(options.TrackingUri).TrimEnd('/');
    }

    public MlflowClientOptions Options { get; }

    /// <summary>Number of HTTP requests sent, retries included (for benchmarks and tests).</summary>
    public long RequestCount => Interlocked.Read(ref _requests);
    private long _requests;

    internal Task<JsonElement> PostAsync(string path, Action<Utf8JsonWriter> body, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        var bytes = buffer.WrittenMemory;
        return SendAsync(HttpMethod.Post, path, $"{_base}/api/2.0/mlflow/{path}",
            () => new ReadOnlyMemoryContent(bytes) { Headers = { ContentType = JsonType } }, cancellationToken);
    }

    internal Task<JsonElement> GetAsync(string path, IEnumerable<(string Name, string Value)> query, CancellationToken cancellationToken)
    {
        var q = string.Join("&", query.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));
        return SendAsync(HttpMethod.Get, path, $"{_base}/api/2.0/mlflow/{path}?{q}", null, cancellationToken);
    }

    /// <summary>One logical call with retries; returns the parsed JSON body (an empty object for an empty body).</summary>
    internal async Task<JsonElement> SendAsync(HttpMethod method, string endpoint, string url, Func<HttpContent>? content, CancellationToken cancellationToken)
    {
        var attempts = Options.MaxRetries + 1;
        for (var attempt = 1; ; attempt++)
        {
            MlflowException failure;
            TimeSpan? retryAfter = null;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Options.RequestTimeout);
            try
            {
                using var request = new HttpRequestMessage(method, url) { Content = content?.Invoke() };
                Interlocked.Increment(ref _requests);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode) return Parse(bytes, endpoint, response);
                failure = ToException(endpoint, (int)response.StatusCode, bytes);
                retryAfter = Options.RespectRetryAfter ? RetryAfterOf(response) : null;
            }
            catch (HttpRequestException e)
            {
                failure = new MlflowException(endpoint, 0, null, e.Message, e);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                failure = new MlflowException(endpoint, 0, null, $"no answer within {Options.RequestTimeout.TotalSeconds:0.#} s", e);
            }
            if (!failure.IsTransient || attempt >= attempts) throw failure;
            var jitter = TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * Options.MaxJitter.Ticks));
            var delay = RetryBackoff.Delay(attempt, Options.BackoffFactorSeconds, Options.BackoffCap, jitter, retryAfter);
            Log.Retrying(_logger, method.Method, endpoint, failure.StatusCode, attempt, attempts, (long)delay.TotalMilliseconds);
            if (delay > TimeSpan.Zero) await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    private JsonElement Parse(byte[] bytes, string endpoint, HttpResponseMessage response)
    {
        if (bytes.Length == 0) bytes = "{}"u8.ToArray();
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            if (doc.RootElement.ValueKind == JsonValueKind.Object) return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Protocol(endpoint, response, e);
        }
        throw Protocol(endpoint, response, null);
    }

    private MlflowProtocolException Protocol(string endpoint, HttpResponseMessage response, Exception? inner) =>
        new(TrackingUriText.Redact(Options.TrackingUri), endpoint, (int)response.StatusCode,
            response.Content.Headers.ContentType?.MediaType ?? "no content type", inner);

    /// <summary>Reads <c>{"error_code", "message"}</c>; proxies may answer HTML or text, then the status is all we have.</summary>
    private static MlflowException ToException(string endpoint, int status, byte[] body)
    {
        string? code = null;
        var message = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 2000));
        try
        {
            using var doc = JsonDocument.Parse(body);
            code = MlflowWire.String(doc.RootElement, "error_code");
            message = MlflowWire.String(doc.RootElement, "message") ?? message;
        }
        catch (JsonException)
        {
            // not MLflow's error body (proxy page, empty 404): keep the text and the status
        }
        return new MlflowException(endpoint, status, code, string.IsNullOrWhiteSpace(message) ? "(empty body)" : message.Trim());
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var h = response.Headers.RetryAfter;
        if (h?.Delta is { } delta) return delta;
        if (h?.Date is { } date) return date - DateTimeOffset.UtcNow;
        return null;
    }

    public void Dispose() => _http.Dispose();

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
