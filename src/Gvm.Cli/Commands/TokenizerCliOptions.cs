using System.CommandLine;
using Gvm.Core.IO;
using Gvm.Reasoning.Tokenizers;

namespace Gvm.Cli.Commands;

/// <summary>What <c>gvm tokenize</c>, <c>gvm chat</c> and <c>gvm bench tokenizer</c> share: the --tokenizer option and exit codes.</summary>
internal static class TokenizerCliOptions
{
    public const string SharedTokenizer = "data/tokenizers/qwen2";

    public static Option<string?> TokenizerOption() => new("--tokenizer")
    {
        Description = "Model or tokenizer directory (tokenizer.json, or vocab.json + merges.txt); default: the shared Qwen2 files",
    };

    public static string ResolveDirectory(string? directory) => directory ?? RepoPaths.RequireShared(SharedTokenizer);

    /// <summary>Loads the tokenizer and runs <paramref name="body"/> over the input; bad input exits 2 with file, line and field.</summary>
    public static async Task<int> RunAsync(string? tokenizerDirectory, string file,
        Func<Qwen2Tokenizer, TextReader, string, Stream, Task<int>> body)
    {
        try
        {
            var tokenizer = Qwen2Tokenizer.Load(ResolveDirectory(tokenizerDirectory));
            using var owned = file == "-" ? null : new StreamReader(file); // Console.In is not ours to dispose
            await using var stdout = Console.OpenStandardOutput();
            await body(tokenizer, owned ?? Console.In, owned is null ? "<stdin>" : file, stdout).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is JsonLinesInputException or TokenizerFormatException or FileNotFoundException or DirectoryNotFoundException)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }
    }
}
