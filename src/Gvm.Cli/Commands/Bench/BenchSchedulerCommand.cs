using System.CommandLine;
using Gvm.Orchestration.Bench;

namespace Gvm.Cli.Commands.Bench;

internal static class BenchSchedulerCommand
{
    public static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "Sleeping runs", DefaultValueFactory = _ => 200 };
        var slots = new Option<int>("--slots") { Description = "Parallel slots", DefaultValueFactory = _ => 4 };
        var seconds = new Option<double>("--seconds") { Description = "Run length in seconds", DefaultValueFactory = _ => 1.0 };
        var command = new Command("scheduler", "Scheduling overhead with sleeping runs");
        command.Options.Add(runs);
        command.Options.Add(slots);
        command.Options.Add(seconds);
        command.SetAction(async (parse, ct) =>
        {
            var r = await SchedulerBench.RunAsync(parse.GetValue(runs), parse.GetValue(slots), parse.GetValue(seconds), ct).ConfigureAwait(false);
            Console.WriteLine(SchedulerBench.ToMarkdown(r));
            return 0;
        });
        return command;
    }
}
