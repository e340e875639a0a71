using Gvm.Orchestration.Ledger;
using Gvm.Orchestration.Progress;
using Spectre.Console;

namespace Gvm.Orchestration.Tests.Progress;

public class ProgressBoardTests
{
    private static RunView Run(int i, RunState state, int step = 0, double? accuracy = null, string? detail = null) => new()
    {
        RunId = $"id{i:000}", Name = $"rl/grpo/seed={i}", Stage = "rl", State = state, Attempt = 1,
        Step = step, TotalSteps = 40, Accuracy = accuracy, Detail = detail, Eta = TimeSpan.FromSeconds(90),
    };

    private static string Text(ProgressBoard board, params string[] messages)
    {
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 220;
        console.Write(board.Render(messages));
        return output.ToString();
    }

    [Fact]
    public void A_grid_of_hundreds_shows_counts_and_only_capped_running_and_failed_rows()
    {
        // 300 runs: 30 running, 12 failed (in this order), 200 succeeded, 58 pending.
        var runs = Enumerable.Range(0, 300).Select(i => i switch
        {
            < 30 => Run(i, RunState.Running, step: i, accuracy: 0.3 + i / 100.0),
            < 42 => Run(i, RunState.Failed, step: 7, detail: $"Failed: exit code 3 (run {i})\nstack trace line"),
            < 242 => Run(i, RunState.Succeeded, step: 40),
            _ => Run(i, RunState.Pending),
        }).ToArray();
        var board = ProgressBoard.Of(runs);

        Assert.Equal("300 runs: 30 running, 58 pending, 200 succeeded, 12 failed, 0 cancelled", board.Summary());
        Assert.Equal(ProgressBoard.DefaultMaxActive, board.Active.Count);
        Assert.Equal(30 - ProgressBoard.DefaultMaxActive, board.ActiveHidden);
        Assert.Equal(ProgressBoard.DefaultMaxFailed, board.Failed.Count);
        Assert.Equal("rl/grpo/seed=41", board.Failed[0].Name); // the latest failure first

        var text = Text(board, "sweep smoke: 300 runs");
        var lines = text.Split('\n');
        Assert.InRange(lines.Length, 10, 50);
        Assert.Contains("300 runs: 30 running, 58 pending, 200 succeeded, 12 failed, 0 cancelled", text);
        Assert.Contains("… and 6 more running", text);
        Assert.Contains("… and 4 more failed", text);
        Assert.Contains("3/40", text);
        Assert.Contains("0.330", text);
        Assert.Contains("00:01:30", text);
        Assert.Contains("Failed: exit code 3 (run 41)", text);
        Assert.DoesNotContain("stack trace line", text);
        // Succeeded and pending runs get no row.
        Assert.DoesNotContain("seed=100 ", text);
        Assert.DoesNotContain("seed=250 ", text);
    }

    [Fact]
    public void Reasons_are_one_shortened_line()
    {
        Assert.Equal("first", ProgressBoard.Reason("\n first \nsecond"));
        Assert.Equal(ProgressBoard.ReasonLength, ProgressBoard.Reason(new string('x', 500)).Length);
        Assert.Equal("", ProgressBoard.Reason(null));
        Assert.Contains("no run is running or failed", Text(ProgressBoard.Of([Run(1, RunState.Succeeded)])));
    }
}
