using Gvm.Tracking.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gvm.Tracking.Journal;

/// <summary>Timing of the background sender.</summary>
public sealed record BackgroundSenderOptions
{
    /// <summary>Longest wait between passes when nothing signals new records.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Upper bound of the wait after failed passes (doubling from <see cref="Interval"/>).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>How long disposal may spend on a last pass before leaving the rest to <c>gvm mlflow push</c>.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// Forwards journals to the store in the background so that tracking never blocks a run. Failures (server down,
/// rejected requests) are logged and kept in <see cref="LastError"/>; the journal keeps the data for the next pass or
/// for <c>gvm mlflow push</c>. Owns the store and disposes it.
/// </summary>
public sealed class BackgroundSender : IAsyncDisposable
{
    private readonly JournalForwarder _forwarder;
    private readonly ITrackingStore _store;
    private readonly BackgroundSenderOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly Task _loop;
    private long _points;

    public BackgroundSender(string sweepDir, ITrackingStore store, BackgroundSenderOptions? options = null, ILogger? logger = null)
    {
        _store = store;
        _options = options ?? new BackgroundSenderOptions();
        _logger = logger ?? NullLogger.Instance;
        // Live forwarding never stops a sweep: a damaged line is skipped with a warning (push stops at it unless told).
        _forwarder = new JournalForwarder(sweepDir, store, _logger, skipBadLines: true);
        _loop = Task.Run(LoopAsync);
    }

    public Exception? LastError { get; private set; }

    public long PointsSent => Interlocked.Read(ref _points);

    /// <summary>Asks for a pass soon (new records were journaled). Never blocks.</summary>
    public void Signal()
    {
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); }
            catch (SemaphoreFullException) { /* a pass is already pending */ }
        }
    }

    /// <summary>
    /// Waits for a signal (or the interval) while the server answers; after a failure waits out a doubling backoff
    /// instead, so a down server is not hammered by every journaled step.
    /// </summary>
    private async Task LoopAsync()
    {
        TimeSpan? backoff = null;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                if (backoff is { } b) await Task.Delay(b, _stop.Token).ConfigureAwait(false);
                else await _signal.WaitAsync(_options.Interval, _stop.Token).ConfigureAwait(false);
                var next = TimeSpan.FromTicks(Math.Min(_options.MaxBackoff.Ticks, (backoff ?? _options.Interval).Ticks * 2));
                backoff = await PassAsync(next, _stop.Token).ConfigureAwait(false) ? null : next;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return; // disposal: the final pass picks up from the saved cursor
            }
        }
    }

    /// <param name="retryIn">When the next pass comes if this one fails (for the log line); zero for the final pass.</param>
    /// <param name="ct">Stops the pass.</param>
    private async Task<bool> PassAsync(TimeSpan retryIn, CancellationToken ct)
    {
        try
        {
            var r = await _forwarder.ForwardAsync(ct).ConfigureAwait(false);
            Interlocked.Add(ref _points, r.Points);
            if (r.Points > 0) Log.Forwarded(_logger, r.Points, r.Batches, _store.DisplayUri);
            LastError = null;
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Tracking must not fail the run: keep the error for callers and the log, the journal keeps the data.
            LastError = e;
            Log.ForwardFailed(_logger, _store.DisplayUri, e.Message, retryIn.TotalSeconds);
            return false;
        }
    }

    /// <summary>Stops the loop, then makes one last pass bounded by <see cref="BackgroundSenderOptions.DrainTimeout"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        using var drain = new CancellationTokenSource(_options.DrainTimeout);
        try
        {
            await PassAsync(TimeSpan.Zero, drain.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Log.DrainTimedOut(_logger, _store.DisplayUri, _options.DrainTimeout.TotalSeconds);
        }
        _stop.Dispose();
        _signal.Dispose();
        await _store.DisposeAsync().ConfigureAwait(false);
    }
}
