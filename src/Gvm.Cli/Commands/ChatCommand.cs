using System.CommandLine;
using Gvm.Reasoning.Tokenizers;

namespace Gvm.Cli.Commands;

/// <summary><c>gvm chat [--tokenizer DIR] [--ids] [--default-system TEXT] FILE.jsonl</c>: one <c>{"rendered": "..."}</c> line per input line.</summary>
internal static class ChatCommand
{
    public static Command Create()
    {
        var command = new Command("chat", "Render chat messages with the ChatML template");
        var tokenizer = TokenizerCliOptions.TokenizerOption();
        var ids = new Option<bool>("--ids") { Description = "Also print the token ids of each rendering" };
        var defaultSystem = new Option<string>("--default-system")
        {
            Description = "System prompt inserted when a conversation has none (the template's Qwen2.5-Instruct default otherwise)",
            DefaultValueFactory = _ => ChatTemplateOptions.Qwen25InstructSystem,
        };
        var file = new Argument<string>("file") { Description = "JSON Lines with 'messages' and 'add_generation_prompt' per line ('-' for stdin)" };
        command.Options.Add(tokenizer);
        command.Options.Add(ids);
        command.Options.Add(defaultSystem);
        command.Arguments.Add(file);
        command.SetAction((parse, ct) =>
        {
            var template = new ChatMlTemplate(new ChatTemplateOptions { DefaultSystemPrompt = parse.GetValue(defaultSystem)! });
            var withIds = parse.GetValue(ids);
            return TokenizerCliOptions.RunAsync(parse.GetValue(tokenizer), parse.GetValue(file)!, (tok, reader, name, stdout) =>
                TokenizerJsonLines.ChatAsync(reader, name, stdout, template, withIds ? tok : null, ct), ct);
        });
        return command;
    }
}
