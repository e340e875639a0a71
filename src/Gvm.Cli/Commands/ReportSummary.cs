using Gvm.Reporting;
using Gvm.Reporting.Comparison;
using Gvm.Reporting.Curves;
using Gvm.Reporting.Fairness;
using Gvm.Reporting.Inputs;
using Gvm.Reporting.Output;
using Spectre.Console;

namespace Gvm.Cli.Commands;

/// <summary>
/// The end-of-report (and end-of-sweep) summary in the terminal: final accuracy per algorithm with its t interval, the
/// verdict and S_0.9 of every pair with its flagged checks, and each failed run with its exit code, reason and log.
/// </summary>
internal static class ReportSummary
{
    /// <summary>
    /// A console on the current Console.Out (a fresh one, so that a swapped Console.Out is honoured). Written to a file
    /// or a CI log (no terminal width), the tables get 200 columns instead of Spectre's fallback of 80, so that reasons
    /// and log paths stay on one line.
    /// </summary>
    public static IAnsiConsole ConsoleOnStdout()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected) console.Profile.Width = 200;
        return console;
    }

    /// <summary>Reads the sweep and prints the summary without writing any report file (used by <c>gvm sweep</c>).</summary>
    public static async Task WriteForSweepAsync(IAnsiConsole console, string sweepDir, CancellationToken cancellationToken)
    {
        try
        {
            var sweep = await SweepReader.ReadAsync(sweepDir, cancellationToken).ConfigureAwait(false);
            Write(console, ComparisonBuilder.Build(sweep, new ReportOptions { Plots = false }));
        }
        catch (Exception e) when (e is ReportInputException or IOException or UnauthorizedAccessException)
        {
            // The sweep's own outcome and exit code stand; the summary is a convenience.
            console.WriteLine($"summary skipped: {e.Message}");
        }
    }

    public static void Write(IAnsiConsole console, ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        var level = Numbers.Pct(report.Options.ConfidenceLevel);
        var accuracy = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"final accuracy (mean [{level} t interval])"))
            .AddColumns("group", "algorithm", "final accuracy", "incomplete");
        foreach (var r in report.Accuracy.Where(r => r.Benchmark == Benchmarks.Average))
            accuracy.AddRow(Markup.Escape(r.Group), Markup.Escape(r.Algorithm),
                Markup.Escape(Numbers.Interval(r.Runs, r.FinalMean, r.FinalLow, r.FinalHigh, Numbers.Acc)),
                r.IncompleteRuns > 0 ? $"[yellow]{r.IncompleteRuns}[/]" : "0");
        console.Write(accuracy);

        if (report.Verdicts.Count > 0)
        {
            var x = Numbers.Num(Protocol.SummaryFraction);
            var pairs = new Table().Border(TableBorder.Rounded).Title("pairs")
                .AddColumns("pair", "verdict (ΔAUC steps)", $"S_{x} steps", $"S_{x} tokens", "flagged checks");
            foreach (var v in report.Verdicts)
            {
                var flags = report.Fairness.Where(f => f.Pair == v.Pair.Name && f.Group == v.Pair.Group && f.Status == FairnessStatus.Flag)
                    .GroupBy(f => f.Check).Select(g => $"{g.Key} ({g.Count()})").ToArray();
                pairs.AddRow(Markup.Escape(v.Pair.Title), Verdict(v),
                    Markup.Escape(Speedup(v, CostAxis.Steps)), Markup.Escape(Speedup(v, CostAxis.Tokens)),
                    flags.Length == 0 ? "[green]none[/]" : $"[red]{Markup.Escape(string.Join("; ", flags))}[/]");
            }
            console.Write(pairs);
        }

        var failed = report.Runs.Where(r => r.Failed).ToArray();
        if (failed.Length == 0) return;
        var runs = new Table().Border(TableBorder.Rounded).Title($"[red]{failed.Length} failed run(s)[/]")
            .AddColumns("run", "state", "exit code", "reason", "log");
        foreach (var r in failed)
            runs.AddRow(Markup.Escape(r.Name), Markup.Escape(r.State), r.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "–",
                Markup.Escape(r.Reason), Markup.Escape(r.Log));
        console.Write(runs);
    }

    private static string Verdict(PairVerdict v)
    {
        var label = Markup.Escape(VerdictText.Label(v));
        return v.Outcome switch
        {
            VerdictOutcome.CandidateFaster => $"[green]{label}[/]",
            VerdictOutcome.CandidateSlower => $"[red]{label}[/]",
            _ => label,
        };
    }

    private static string Speedup(PairVerdict v, CostAxis axis) =>
        v.Speedup(axis, Protocol.SummaryFraction) is { } r ? VerdictText.Speedup(r) : "n/a";
}
