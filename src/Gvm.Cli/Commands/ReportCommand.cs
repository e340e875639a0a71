using System.CommandLine;

namespace Gvm.Cli.Commands;

internal static class ReportCommand
{
    public static Command Create()
    {
        var command = new Command("report", "Compile the comparison report of a sweep");
        command.SetAction((parse, ct) => GvmApp.NotYetAsync("report"));
        return command;
    }
}
