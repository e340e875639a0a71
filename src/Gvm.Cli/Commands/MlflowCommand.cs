using System.CommandLine;

namespace Gvm.Cli.Commands;

internal static class MlflowCommand
{
    public static Command Create()
    {
        var command = new Command("mlflow", "MLflow: push journals to a server, export an mlruns tree");
        command.SetAction((parse, ct) => GvmApp.NotYetAsync("mlflow"));
        return command;
    }
}
