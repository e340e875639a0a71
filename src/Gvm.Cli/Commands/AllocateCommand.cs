using System.CommandLine;

namespace Gvm.Cli.Commands;

internal static class AllocateCommand
{
    public static Command Create()
    {
        var command = new Command("allocate", "Allocate a sampling budget across prompts with the GVM rule (issue: GVM core)");
        command.SetAction((parse, ct) => GvmApp.NotYetAsync("allocate"));
        return command;
    }
}
