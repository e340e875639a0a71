using System.CommandLine;

namespace Gvm.Cli.Commands;

internal static class PlanCommand
{
    public static Command Create()
    {
        var command = new Command("plan", "Resolve a grid file into runs, stages and comparison pairs");
        command.SetAction((parse, ct) => GvmApp.NotYetAsync("plan"));
        return command;
    }
}
