using System.Globalization;
using Gvm.Orchestration.Ledger;
using Spectre.Console;

namespace Gvm.Orchestration.Progress;

/// <summary>A live Spectre.Console table (run, stage, state, step/total, latest accuracy, ETA) for terminals.</summary>
public sealed class LiveProgress : ISweepProgress
{
    private readonly Dictionary<string, RunView> _runs = new();
    private readonly List<string> _messages = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LiveProgress(IEnumerable<RunView> runs)
    {
        foreach (var r in runs) _runs[r.RunId] = r;
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
        lock (_gate) _runs[run.RunId] = run;
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

    private Table Render()
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("run", "stage", "state", "step", "accuracy", "ETA");
        lock (_gate)
        {
            foreach (var r in _runs.Values)
            {
                table.AddRow(
                    Markup.Escape(r.Name), Markup.Escape(r.Stage), Color(r.State),
                    r.TotalSteps > 0 ? $"{r.Step}/{r.TotalSteps}" : "",
                    r.Accuracy is { } a ? a.ToString("0.000", CultureInfo.InvariantCulture) : "",
                    r.Eta is { } e && r.State == RunState.Running ? e.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "");
            }
            if (_messages.Count > 0) table.Caption(Markup.Escape(string.Join(" · ", _messages)));
        }
        return table;
    }

    private static string Color(RunState s) => s switch
    {
        RunState.Succeeded => "[green]succeeded[/]",
        RunState.Failed => "[red]failed[/]",
        RunState.Cancelled => "[yellow]cancelled[/]",
        RunState.Running => "[blue]running[/]",
        _ => "pending",
    };
}
