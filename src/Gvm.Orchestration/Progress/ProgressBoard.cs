using System.Globalization;
using Gvm.Orchestration.Ledger;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Gvm.Orchestration.Progress;

/// <summary>
/// What the live view shows of a sweep of any size: a line of counts per state, then only the runs worth a row
/// (running ones with their step, last eval accuracy and ETA; failed ones with their reason), each list capped with a
/// "… and N more" row so that a grid of hundreds of runs stays one screen.
/// </summary>
public sealed record ProgressBoard(
    IReadOnlyDictionary<RunState, int> Counts, IReadOnlyList<RunView> Active, int ActiveHidden, IReadOnlyList<RunView> Failed, int FailedHidden)
{
    public const int DefaultMaxActive = 24;
    public const int DefaultMaxFailed = 8;
    /// <summary>Longest reason shown in a row (the ledger and logs keep the whole message).</summary>
    public const int ReasonLength = 110;

    /// <summary>
    /// The board of <paramref name="runs"/>, given in the order they last changed (latest last): running runs by name,
    /// failed runs latest first.
    /// </summary>
    public static ProgressBoard Of(IReadOnlyList<RunView> runs, int maxActive = DefaultMaxActive, int maxFailed = DefaultMaxFailed)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var counts = Enum.GetValues<RunState>().ToDictionary(s => s, s => runs.Count(r => r.State == s));
        var active = runs.Where(r => r.State == RunState.Running).OrderBy(r => r.Name, StringComparer.Ordinal).ToArray();
        var failed = runs.Where(r => r.State == RunState.Failed).Reverse().ToArray();
        return new ProgressBoard(counts, active.Take(maxActive).ToArray(), Math.Max(0, active.Length - maxActive),
            failed.Take(maxFailed).ToArray(), Math.Max(0, failed.Length - maxFailed));
    }

    /// <summary>"120 runs: 4 running, 90 pending, 24 succeeded, 2 failed, 0 cancelled".</summary>
    public string Summary()
    {
        var total = Counts.Values.Sum();
        return $"{total} runs: " + string.Join(", ", new[] { RunState.Running, RunState.Pending, RunState.Succeeded, RunState.Failed, RunState.Cancelled }
            .Select(s => $"{Counts.GetValueOrDefault(s)} {s.ToName()}"));
    }

    /// <summary>The board as a Spectre table (the summary as its title, <paramref name="messages"/> as its caption).</summary>
    public IRenderable Render(IReadOnlyList<string> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(Summary()))
            .AddColumns("run", "stage", "state", "attempt", "step", "eval acc.", "ETA / reason");
        foreach (var r in Active)
            table.AddRow(Markup.Escape(r.Name), Markup.Escape(r.Stage), "[blue]running[/]", Number(r.Attempt),
                r.TotalSteps > 0 ? $"{r.Step}/{r.TotalSteps}" : Number(r.Step), Accuracy(r),
                r.Eta is { } e ? e.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "");
        foreach (var r in Failed)
            table.AddRow(Markup.Escape(r.Name), Markup.Escape(r.Stage), "[red]failed[/]", Number(r.Attempt),
                r.TotalSteps > 0 ? $"{r.Step}/{r.TotalSteps}" : Number(r.Step), Accuracy(r), $"[red]{Markup.Escape(Reason(r.Detail))}[/]");
        if (Active.Count == 0 && Failed.Count == 0) table.AddRow("[grey]no run is running or failed[/]", "", "", "", "", "", "");
        // Rows left out are counted under the table (a long "more" row would widen the run column).
        var caption = new List<string>();
        if (ActiveHidden > 0) caption.Add($"… and {ActiveHidden} more running");
        if (FailedHidden > 0) caption.Add($"… and {FailedHidden} more failed (ledger.db; gvm report lists them)");
        caption.AddRange(messages);
        if (caption.Count > 0) table.Caption(Markup.Escape(string.Join(" · ", caption)));
        return table;
    }

    /// <summary>The first line of a failure message, shortened to <see cref="ReasonLength"/> characters.</summary>
    public static string Reason(string? detail)
    {
        var line = (detail ?? "").ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault() ?? "";
        return line.Length <= ReasonLength ? line : line[..(ReasonLength - 1)] + "…";
    }

    private static string Number(int v) => v.ToString(CultureInfo.InvariantCulture);
    private static string Accuracy(RunView r) => r.Accuracy is { } a ? a.ToString("0.000", CultureInfo.InvariantCulture) : "";
}
