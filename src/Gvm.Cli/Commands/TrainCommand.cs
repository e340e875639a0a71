using System.CommandLine;

namespace Gvm.Cli.Commands;

internal static class TrainCommand
{
    public static Command Create()
    {
        var command = new Command("train", "Run one trainer run: gvm train --spec run.json --out RUN_DIR");
        command.SetAction((parse, ct) => GvmApp.NotYetAsync("train"));
        return command;
    }
}
