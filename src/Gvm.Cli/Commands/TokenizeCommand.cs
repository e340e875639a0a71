using System.CommandLine;
using Gvm.Reasoning.Tokenizers;

namespace Gvm.Cli.Commands;

/// <summary><c>gvm tokenize [--tokenizer DIR] FILE.jsonl</c>: one <c>{"ids": [...]}</c> line per input line.</summary>
internal static class TokenizeCommand
{
    public static Command Create()
    {
        var command = new Command("tokenize", "Tokenize JSON Lines text with a Qwen2 tokenizer");
        var tokenizer = TokenizerCliOptions.TokenizerOption();
        var file = new Argument<string>("file") { Description = "JSON Lines with a 'text' field per line ('-' for stdin)" };
        command.Options.Add(tokenizer);
        command.Arguments.Add(file);
        command.SetAction((parse, ct) => TokenizerCliOptions.RunAsync(parse.GetValue(tokenizer), parse.GetValue(file)!, (tok, reader, name, stdout) =>
            TokenizerJsonLines.TokenizeAsync(reader, name, stdout, tok, ct), ct));
        return command;
    }
}
