using System.CommandLine;

namespace Gvm.Cli.Commands;

internal static class TokenizeCommand
{
    public static Command Create()
    {
        var command = new Command("tokenize", "Tokenize JSON Lines text with a Qwen2 tokenizer");
        command.SetAction((parse, ct) => GvmApp.NotYetAsync("tokenize"));
        return command;
    }
}
