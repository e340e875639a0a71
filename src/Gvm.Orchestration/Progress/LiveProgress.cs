using Spectre.Console;
using Spectre.Console.Rendering;

namespace Gvm.Orchestration.Progress;

/// <summary>
/// A live Spectre.Console view for terminals: a line of counts, then the running runs (step, last eval accuracy, ETA)
/// and the failed ones with their reason (<see cref="ProgressBoard"/>), so that grids of hundreds of runs stay readable.
/// </summary>
public sealed class LiveProgress : ISweepProgress
{
    // Latest view of each run and when it last changed state (the failed list shows the latest failures first).
    private readonly Dictionary<string, (RunView View, long Changed)> _runs = new();
    private long _clock;
    private readonly List<string> _messages = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LiveProgress(IEnumerable<RunView> runs)
    {
        foreach (var r in runs) _runs[r.RunId] = (r, _clock++);
        _loop = Task.Run(RenderLoopAsync);
    }

    /// <summary>Live view when stdout is an interactive terminal, else the plain line-per-event view.</summary>
    public static ISweepProgress Choose(string mode, IEnumerable<RunView> runs) => mode switch
    {
        "live" => new LiveProgress(runs),
        "plain" => new PlainProgress(Console.Out),
        _ => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive
            ? new LiveProgress(runs)
            : new PlainProgress(Console.Out),
    };

    public void Update(RunView run, string? @event)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (_gate)
        {
            var changed = _runs.TryGetValue(run.RunId, out var old) && old.View.State == run.State ? old.Changed : _clock++;
            _runs[run.RunId] = (run, changed);
        }
    }

    public void Message(string text)
    {
        lock (_gate)
        {
            _messages.Add(text);
            if (_messages.Count > 5) _messages.RemoveAt(0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RenderLoopAsync()
    {
        await AnsiConsole.Live(Render()).AutoClear(false).StartAsync(async ctx =>
        {
            while (!_stop.IsCancellationRequested)
            {
                ctx.UpdateTarget(Render());
                try { await Task.Delay(500, _stop.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
            }
            ctx.UpdateTarget(Render());
        }).ConfigureAwait(false);
    }

    private IRenderable Render()
    {
        lock (_gate)
            return ProgressBoard.Of(_runs.Values.OrderBy(r => r.Changed).Select(r => r.View).ToArray()).Render(_messages.ToArray());
    }
}
