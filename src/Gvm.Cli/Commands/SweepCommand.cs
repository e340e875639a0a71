using System.CommandLine;

namespace Gvm.Cli.Commands;

internal static class SweepCommand
{
    public static Command Create()
    {
        var command = new Command("sweep", "Run a grid of experiments");
        command.SetAction((parse, ct) => GvmApp.NotYetAsync("sweep"));
        return command;
    }
}
