using System.CommandLine;

namespace Gvm.Cli.Commands;

internal static class ChatCommand
{
    public static Command Create()
    {
        var command = new Command("chat", "Render chat messages with the ChatML template");
        command.SetAction((parse, ct) => GvmApp.NotYetAsync("chat"));
        return command;
    }
}
