using System.CommandLine;

namespace Gvm.Cli.Commands.Bench;

internal static class BenchModelCommand
{
    public static Command Create()
    {
        var command = new Command("model", "Generation and training throughput of the tiny policy");
        command.SetAction((parse, ct) => GvmApp.NotYetAsync("bench model"));
        return command;
    }
}
