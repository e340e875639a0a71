using System.CommandLine;

namespace Gvm.Cli.Commands.Bench;

internal static class BenchTokenizerCommand
{
    public static Command Create()
    {
        var command = new Command("tokenizer", "Qwen2 tokenizer encoding speed");
        command.SetAction((parse, ct) => GvmApp.NotYetAsync("bench tokenizer"));
        return command;
    }
}
