using System.CommandLine;
using Gvm.Core.IO;
using Gvm.Reasoning.Grading;

namespace Gvm.Cli.Commands.Bench;

/// <summary><c>gvm bench grade</c>: per-case grading latency over grading-cases.jsonl and MATH500 (Markdown table).</summary>
internal static class BenchGradeCommand
{
    public static Command Create()
    {
        var command = new Command("grade", "Grading latency: median and worst per-case time over grading-cases + MATH500");
        var repeats = new Option<int>("--repeats") { Description = "Timed runs per case (the case's time is their median)", DefaultValueFactory = _ => 5 };
        command.Options.Add(repeats);
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            int n = parse.GetValue(repeats);
            if (n < 1)
            {
                Console.Error.WriteLine("--repeats: must be at least 1");
                return 2;
            }
            var cases = await GradeBenchmark.LoadGradingCasesAsync(RepoPaths.RequireShared("testdata/grading-cases.jsonl"), ct).ConfigureAwait(false);
            var math500 = await GradeBenchmark.LoadMath500CasesAsync(ct).ConfigureAwait(false);
            var options = GradeOptions.Default;
            var rows = new[]
            {
                GradeBenchmark.Measure("grading-cases", cases, n, options),
                GradeBenchmark.Measure("math500 (solution vs answer)", math500, n, options),
                GradeBenchmark.Measure("all", [.. cases, .. math500], n, options),
            };
            Console.Write(GradeBenchmark.ToMarkdown(rows));
            return 0;
        });
        return command;
    }
}
