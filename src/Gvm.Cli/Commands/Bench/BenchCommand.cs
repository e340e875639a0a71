using System.CommandLine;

namespace Gvm.Cli.Commands.Bench;

/// <summary><c>gvm bench ...</c>: each benchmark prints a Markdown table; <c>gvm bench all</c> runs them all into one file.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks; each prints a Markdown table");
        command.Subcommands.Add(BenchAllocateCommand.Create());
        command.Subcommands.Add(BenchModelCommand.Create());
        command.Subcommands.Add(BenchTrainerCommand.Create());
        command.Subcommands.Add(BenchGradeCommand.Create());
        command.Subcommands.Add(BenchTokenizerCommand.Create());
        command.Subcommands.Add(BenchTrackingCommand.Create());
        command.Subcommands.Add(BenchSchedulerCommand.Create());
        command.Subcommands.Add(BenchAllCommand.Create());
        return command;
    }
}
