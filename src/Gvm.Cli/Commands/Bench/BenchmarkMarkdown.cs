using System.Globalization;
using System.Text;

namespace Gvm.Cli.Commands.Bench;

/// <summary>One step of <c>gvm bench all</c>: a child <c>gvm</c> command and what it printed.</summary>
public sealed record BenchStep(string Command, int ExitCode, IReadOnlyList<string> Stdout, IReadOnlyList<string> Stderr, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The last <paramref name="count"/> lines of stdout then stderr, for a failed step.</summary>
    public string Tail(int count = 15) => string.Join("\n", Stdout.Concat(Stderr).TakeLast(count));
}

/// <summary>
/// The Markdown of <c>artifacts/benchmark.md</c> (pure: no I/O): a header, one section per benchmark with its table
/// (or the failure and the last output lines), then the comparison sweep with its report folded in, headings demoted
/// one level and plot links pointing into the sweep directory.
/// </summary>
public static class BenchmarkMarkdown
{
    /// <param name="header">Lines under the title (date, commit, machine).</param>
    /// <param name="benches">The <c>gvm bench NAME</c> steps in order.</param>
    /// <param name="grid">The comparison grid; null when the sweep was skipped.</param>
    /// <param name="sweep">The <c>gvm sweep</c> step; null when skipped.</param>
    /// <param name="report">The <c>gvm report</c> step; null when the sweep wrote no plan.</param>
    /// <param name="comparison">Lines of the sweep's comparison.md, if it was written.</param>
    /// <param name="sweepDirFromOutput">The sweep directory relative to the Markdown file ('/' separators).</param>
    public static string Build(IReadOnlyList<string> header, IReadOnlyList<(string Name, BenchStep Step)> benches, string? grid,
        BenchStep? sweep, BenchStep? report, IReadOnlyList<string>? comparison, string sweepDirFromOutput)
    {
        var c = CultureInfo.InvariantCulture;
        var failures = benches.Where(b => !b.Step.Succeeded).Select(b => $"bench {b.Name}").ToList();
        var body = new StringBuilder();
        foreach (var (name, step) in benches)
        {
            body.AppendLine(c, $"## gvm bench {name}").AppendLine();
            if (step.Succeeded) body.AppendLine(string.Join("\n", step.Stdout).Trim()).AppendLine();
            else Failed(body, $"**failed** (exit {step.ExitCode}, {step.Elapsed.TotalSeconds:0} s). Last output:", step);
            body.AppendLine(c, $"_{step.Elapsed.TotalSeconds:0.0} s_").AppendLine();
        }
        if (grid is not null)
        {
            body.AppendLine(c, $"## Comparison: {grid}").AppendLine();
            if (sweep is not null)
            {
                body.AppendLine(c, $"`gvm sweep {grid}` exit {sweep.ExitCode} after {sweep.Elapsed.TotalMinutes:0.0} min.").AppendLine();
                if (!sweep.Succeeded)
                {
                    failures.Add("sweep");
                    Failed(body, null, sweep);
                }
            }
            if (report is { Succeeded: true } && comparison is not null)
            {
                foreach (var line in comparison)
                    body.AppendLine((line.StartsWith('#') ? "##" + line : line).Replace("](plots/", $"]({sweepDirFromOutput}/plots/", StringComparison.Ordinal));
            }
            else
            {
                failures.Add("report");
                Failed(body, report is null ? "`gvm report` did not run: the sweep wrote no plan.json" : $"`gvm report` **failed** (exit {report.ExitCode}):", report);
            }
        }

        var md = new StringBuilder("# GvmExperiments benchmark\n\n");
        if (failures.Count > 0) md.AppendLine(c, $"> {failures.Count} step(s) failed: {string.Join(", ", failures)}").AppendLine();
        foreach (var line in header) md.AppendLine(c, $"- {line}");
        md.AppendLine().Append(body);
        return md.ToString();
    }

    private static void Failed(StringBuilder body, string? title, BenchStep? step)
    {
        if (title is not null) body.AppendLine(title).AppendLine();
        if (step is not null) body.AppendLine("```").AppendLine(step.Tail()).AppendLine("```").AppendLine();
    }
}
