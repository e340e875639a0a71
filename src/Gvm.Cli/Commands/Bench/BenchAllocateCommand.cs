using System.CommandLine;
using System.Globalization;
using Gvm.Core.Allocation.Files;

namespace Gvm.Cli.Commands.Bench;

/// <summary><c>gvm bench allocate</c>: end-to-end <c>gvm allocate</c> work on a million synthetic prompts (target: under 1 s).</summary>
internal static class BenchAllocateCommand
{
    public static Command Create()
    {
        var prompts = new Option<int>("--prompts") { Description = "Prompts in the synthetic STATS.jsonl", DefaultValueFactory = _ => 1_000_000 };
        var perPrompt = new Option<int>("--samples-per-prompt") { Description = "Budget per prompt (budget = prompts × this)", DefaultValueFactory = _ => 8 };
        var repeat = new Option<int>("--repeat") { Description = "Timed repetitions per scenario (after one warm-up)", DefaultValueFactory = _ => 5 };
        var command = new Command("allocate", "Allocation speed on a million prompts: parse STATS.jsonl + allocate + write, as a Markdown table");
        command.Options.Add(prompts);
        command.Options.Add(perPrompt);
        command.Options.Add(repeat);
        command.SetAction(async (parse, ct) =>
        {
            int n = parse.GetValue(prompts), per = parse.GetValue(perPrompt), times = parse.GetValue(repeat);
            if (n < 1 || per < 0 || times < 1)
            {
                Console.Error.WriteLine("gvm bench allocate: --prompts and --repeat must be >= 1, --samples-per-prompt >= 0");
                return 2;
            }
            var rows = await AllocateBenchmark.RunAsync(n, per, times, AllocateBenchmark.DefaultCases, ct).ConfigureAwait(false);
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine($"gvm allocate end to end, {n:N0} prompts, budget {per} per prompt, median of {times} runs after a cold run ({Environment.ProcessorCount} cores, load average {LoadAverage()})");
            Console.WriteLine();
            Console.WriteLine("| scenario | input MB | wall median ms | best ms | CPU ms | cold ms | parse ms | allocate ms | write ms | < 1 s |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|:---:|");
            foreach (var r in rows)
            {
                Console.WriteLine(string.Create(c,
                    $"| {r.Name} | {r.FileBytes / 1e6:F1} | {r.MedianMs:F0} | {r.BestMs:F0} | {r.CpuMs:F0} | {r.ColdMs:F0} | {r.ParseMs:F0} | {r.AllocateMs:F0} | {r.WriteMs:F0} | {(r.MedianMs < 1000 ? "yes" : "no")} |"));
            }
            Console.WriteLine();
            Console.WriteLine("wall = parse + allocate + write of the median run; CPU = process CPU time of that run (all threads); cold = the first run, JIT included.");
            return 0;
        });
        return command;
    }

    /// <summary>The 1-minute load average (Linux), so a reader can tell a busy machine's timings apart.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
