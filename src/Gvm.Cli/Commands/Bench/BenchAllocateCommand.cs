using System.CommandLine;

namespace Gvm.Cli.Commands.Bench;

internal static class BenchAllocateCommand
{
    public static Command Create()
    {
        var command = new Command("allocate", "Allocation speed on a million prompts");
        command.SetAction((parse, ct) => GvmApp.NotYetAsync("bench allocate"));
        return command;
    }
}
