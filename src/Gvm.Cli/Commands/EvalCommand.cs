using System.CommandLine;

namespace Gvm.Cli.Commands;

internal static class EvalCommand
{
    public static Command Create()
    {
        var command = new Command("eval", "Evaluate a model on math benchmarks");
        command.SetAction((parse, ct) => GvmApp.NotYetAsync("eval"));
        return command;
    }
}
