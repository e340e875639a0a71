namespace Gvm.Reasoning.Tokenizers;

/// <summary>A tokenizer file (vocab.json, merges.txt, tokenizer.json, tokenizer_config.json) is missing, malformed or unsupported.</summary>
public sealed class TokenizerFormatException : Gvm.Core.Inputs.InputException
{
    public TokenizerFormatException(string path, string message, Exception? inner = null)
        : base(path, 0, null, message, inner) => FilePath = path;

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }
}
