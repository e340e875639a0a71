using System.CommandLine;

namespace Gvm.Cli.Commands.Bench;

internal static class BenchSchedulerCommand
{
    public static Command Create()
    {
        var command = new Command("scheduler", "Scheduling overhead with sleeping runs");
        command.SetAction((parse, ct) => GvmApp.NotYetAsync("bench scheduler"));
        return command;
    }
}
