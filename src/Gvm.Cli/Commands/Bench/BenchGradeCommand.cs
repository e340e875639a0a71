using System.CommandLine;

namespace Gvm.Cli.Commands.Bench;

internal static class BenchGradeCommand
{
    public static Command Create()
    {
        var command = new Command("grade", "Grading latency");
        command.SetAction((parse, ct) => GvmApp.NotYetAsync("bench grade"));
        return command;
    }
}
