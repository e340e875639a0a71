using System.CommandLine;

namespace Gvm.Cli.Commands;

internal static class GradeCommand
{
    public static Command Create()
    {
        var command = new Command("grade", "Grade model answers against reference answers");
        command.SetAction((parse, ct) => GvmApp.NotYetAsync("grade"));
        return command;
    }
}
