using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;
using Gvm.Core.Runs;
using Microsoft.Extensions.Logging;

namespace Gvm.Orchestration.Launchers.Docker;

/// <summary>
/// Runs each attempt as a trainer container (Docker.DotNet.Enhanced, unversioned requests so any engine from API 1.41
/// on answers): create with the run directory bind-mounted, labels, memory limit, network none and the slot's GPUs as
/// DeviceRequests; start; follow the logs into the run directory; wait; map the exit (OOM-killed reported as such);
/// remove. Containers outlive the orchestrator: <see cref="AttachAsync"/> finds them again by label.
/// </summary>
public sealed class DockerLauncher : IRunLauncher
{
    private readonly DockerLauncherOptions _options;
    private readonly DockerClient _client;
    private readonly CancellationTokenSource _disposing = new();
    private readonly ConcurrentDictionary<string, Task> _logs = new();
    private readonly ConcurrentDictionary<string, bool> _cancelled = new();
    private readonly ConcurrentDictionary<string, bool> _waiting = new();
    private readonly ConcurrentDictionary<string, string> _runDirs = new();

    /// <param name="options">Engine endpoint, image, mounts, limits.</param>
    /// <param name="logger">Receives the Docker client's own diagnostics; null = none.</param>
    public DockerLauncher(DockerLauncherOptions options, ILogger? logger = null)
    {
        _options = options.Validate();
        // No API version: requests go unversioned and the engine answers in its own version (20.10 speaks 1.41). The
        // transport follows the endpoint's scheme (unix: the Unix socket transport; tcp/http(s): HTTP).
        var builder = new DockerClientBuilder().WithEndpoint(_options.Endpoint);
        if (logger is not null) builder = builder.WithLogger(logger);
        _client = builder.Build();
    }

    public string Name => "docker";

    public async Task<LaunchHandle> SubmitAsync(LaunchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Directory.CreateDirectory(request.RunDir);
        var create = ContainerSpec.Build(request, _options);
        string id;
        try
        {
            await RemoveStaleAsync(request, keep: null, cancellationToken).ConfigureAwait(false);
            id = (await _client.Containers.CreateContainerAsync(create, cancellationToken).ConfigureAwait(false)).ID;
        }
        catch (DockerApiException e)
        {
            throw new LaunchException(request.RunId, DockerErrors.ExplainStart(e.ResponseBody ?? e.Message, create.Image, request.Gpus), e);
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            throw new LaunchException(request.RunId, DockerErrors.ExplainUnreachable(_options.Endpoint, e.Message), e);
        }
        try
        {
            // Not retried: a start that failed half-way must not run the trainer twice.
            await _client.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            await RemoveAsync(id).ConfigureAwait(false);
            throw new LaunchException(request.RunId, DockerErrors.ExplainStart(e.ResponseBody ?? e.Message, create.Image, request.Gpus), e);
        }
        _runDirs[id] = request.RunDir;
        _logs[id] = ContainerLogPump.Start(_client, id, request.RunDir, resume: false, _disposing.Token);
        return new LaunchHandle(Name, id, request.RunId, request.Attempt);
    }

    public async Task<LaunchHandle?> AttachAsync(LaunchRequest request, string? recordedHandle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ContainerListResponse? mine;
        try
        {
            var containers = await ListAsync(request, cancellationToken).ConfigureAwait(false);
            mine = containers.FirstOrDefault(c => DockerLabels.AttemptOf(c.Labels) == request.Attempt
                && (recordedHandle is null || c.ID.StartsWith(recordedHandle, StringComparison.Ordinal) || recordedHandle.StartsWith(c.ID, StringComparison.Ordinal)));
            await RemoveStaleAsync(request, keep: mine?.ID, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            throw new LaunchException(request.RunId, DockerErrors.ExplainUnreachable(_options.Endpoint, e.Message), e);
        }
        if (mine is null) return null;
        _runDirs[mine.ID] = request.RunDir;
        // A container that ended while we were away is handed back too: WaitAsync reads its exit code at once.
        if (mine.State == "running") _logs[mine.ID] = ContainerLogPump.Start(_client, mine.ID, request.RunDir, resume: true, _disposing.Token);
        return new LaunchHandle(Name, mine.ID, request.RunId, request.Attempt);
    }

    public async Task<LaunchOutcome> WaitAsync(LaunchHandle handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        _waiting[handle.Id] = true;
        try
        {
            ContainerInspectResponse inspect;
            ContainerWaitResponse waited;
            try
            {
                waited = await _client.Containers.WaitContainerAsync(handle.Id, cancellationToken).ConfigureAwait(false);
                inspect = await _client.Containers.InspectContainerAsync(handle.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (DockerContainerNotFoundException)
            {
                return new LaunchOutcome { End = LaunchEnd.Lost, Message = $"container {Short(handle.Id)} vanished (removed outside the orchestrator)" };
            }
            // The log stream ends with the container; give the last lines a moment to land (never fail the outcome on it).
            if (_logs.TryRemove(handle.Id, out var pump)) await Task.WhenAny(pump, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken)).ConfigureAwait(false);
            _runDirs.TryRemove(handle.Id, out var runDir);
            var cancelled = _cancelled.TryRemove(handle.Id, out _);
            var memory = inspect.HostConfig?.Memory is > 0 and var bytes ? (int)(bytes / (1024 * 1024)) : (int?)null;
            // The engine always reports State after a wait; the wait's own status code stands in should it not.
            var state = inspect.State;
            var exit = new ContainerExit(state?.ExitCode ?? waited.StatusCode, state?.OOMKilled ?? false, state?.Error, memory);
            var outcome = ContainerOutcomes.Map(exit, cancelled, StderrTail(runDir));
            if (_options.RemoveAfterExit) await RemoveAsync(handle.Id).ConfigureAwait(false);
            return outcome;
        }
        finally
        {
            _waiting.TryRemove(handle.Id, out _);
        }
    }

    public async Task CancelAsync(LaunchHandle handle, TimeSpan grace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        _cancelled[handle.Id] = true;
        var seconds = (uint)Math.Max(0, Math.Ceiling(grace.TotalSeconds));
        try
        {
            // SIGTERM (docker-init forwards it; the trainer checkpoints), SIGKILL after the grace period.
            await _client.Containers.StopContainerAsync(handle.Id, new ContainerStopParameters { WaitBeforeKillSeconds = seconds }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            return;
        }
        // A leftover found after a restart has no WaitAsync to remove it.
        if (!_waiting.ContainsKey(handle.Id) && _options.RemoveAfterExit)
        {
            _cancelled.TryRemove(handle.Id, out _);
            await RemoveAsync(handle.Id).ConfigureAwait(false);
        }
    }

    /// <summary>Containers are left running on purpose: a restarted orchestrator re-attaches to them by label.</summary>
    public async ValueTask DisposeAsync()
    {
        await _disposing.CancelAsync().ConfigureAwait(false);
        foreach (var pump in _logs.Values)
        {
            try { await pump.ConfigureAwait(false); }
            catch (OperationCanceledException) { } // pumps end with the token: expected here
        }
        _client.Dispose();
        _disposing.Dispose();
    }

    /// <summary>The client, for tests and tools that inspect what the launcher created.</summary>
    internal DockerClient Client => _client;

    private async Task<IList<ContainerListResponse>> ListAsync(LaunchRequest request, CancellationToken cancellationToken) =>
        await _client.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = DockerLabels.RunFilter(request.SweepId, request.RunId) }, cancellationToken)
            .ConfigureAwait(false);

    /// <summary>Removes (force) every container of the run except <paramref name="keep"/>: leftovers of older attempts.</summary>
    private async Task RemoveStaleAsync(LaunchRequest request, string? keep, CancellationToken cancellationToken)
    {
        foreach (var c in await ListAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (c.ID != keep && !_waiting.ContainsKey(c.ID)) await RemoveAsync(c.ID).ConfigureAwait(false);
        }
    }

    private async Task RemoveAsync(string id)
    {
        try
        {
            await _client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            // already gone
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // removal already in progress (409)
        }
    }

    /// <summary>The engine's socket or port does not answer (no dockerd, wrong DOCKER_HOST).</summary>
    private static bool IsUnreachable(Exception e) =>
        e is HttpRequestException or System.Net.Sockets.SocketException or TimeoutException
        || (e is IOException && e.InnerException is System.Net.Sockets.SocketException);

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;

    /// <summary>The last 64 KiB of RUN_DIR/stderr.log (enough for the TorchSharp message above a stack trace).</summary>
    private static string StderrTail(string? runDir)
    {
        if (runDir is null) return "";
        var path = Path.Combine(runDir, RunFiles.Stderr);
        if (!File.Exists(path)) return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Max(0, stream.Length - 65536), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
