using System.CommandLine;

namespace Gvm.Cli.Commands.Bench;

internal static class BenchTrackingCommand
{
    public static Command Create()
    {
        var command = new Command("tracking", "Forwarding metric journals to a local MLflow test server");
        command.SetAction((parse, ct) => GvmApp.NotYetAsync("bench tracking"));
        return command;
    }
}
