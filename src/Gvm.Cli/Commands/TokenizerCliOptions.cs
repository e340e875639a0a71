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

    /// <summary>
    /// Loads the tokenizer and runs <paramref name="body"/> over the whole input into memory; only when every line
    /// succeeded is the output written to stdout. Bad input throws <see cref="Gvm.Core.Inputs.InputException"/> (file,
    /// line and field; exit 2 in GvmApp) with nothing printed.
    /// </summary>
    public static async Task<int> RunAsync(string? tokenizerDirectory, string file,
        Func<Qwen2Tokenizer, Stream, string, Stream, Task<int>> body, CancellationToken cancellationToken = default)
    {
        var tokenizer = Qwen2Tokenizer.Load(ResolveDirectory(tokenizerDirectory));
        await using var input = file == "-" ? Console.OpenStandardInput() : Gvm.Core.Inputs.InputFiles.OpenRead(file);
        using var buffer = new MemoryStream();
        await body(tokenizer, input, Gvm.Core.Inputs.JsonLinesInput.SourceName(file), buffer).ConfigureAwait(false);
        await using var stdout = Console.OpenStandardOutput();
        await stdout.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
