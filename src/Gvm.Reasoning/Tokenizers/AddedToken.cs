using System.Buffers;

namespace Gvm.Reasoning.Tokenizers;

/// <summary>
/// A token cut out of the text as a whole before normalisation and BPE (HF "added token"). <see cref="Special"/>
/// only matters when decoding with <c>skipSpecialTokens</c>.
/// </summary>
public sealed record AddedToken(int Id, string Content, bool Special)
{
    /// <summary>The added tokens of Qwen2.5 / Qwen2.5-Math (ids 151643-151664; SOURCES.md, "Added tokens").</summary>
    public static IReadOnlyList<AddedToken> Qwen25Defaults { get; } = BuildQwen25();

    public const string EndOfText = "<|endoftext|>";
    public const string ImStart = "<|im_start|>";
    public const string ImEnd = "<|im_end|>";

    private static AddedToken[] BuildQwen25()
    {
        string[] special =
        [
            EndOfText, ImStart, ImEnd, "<|object_ref_start|>", "<|object_ref_end|>", "<|box_start|>", "<|box_end|>",
            "<|quad_start|>", "<|quad_end|>", "<|vision_start|>", "<|vision_end|>", "<|vision_pad|>", "<|image_pad|>",
            "<|video_pad|>",
        ];
        string[] plain = ["<tool_call>", "</tool_call>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>"];
        var tokens = new List<AddedToken>();
        foreach (var s in special) tokens.Add(new AddedToken(151643 + tokens.Count, s, Special: true));
        foreach (var s in plain) tokens.Add(new AddedToken(151643 + tokens.Count, s, Special: false));
        return tokens.ToArray();
    }
}

/// <summary>Finds added tokens in text: leftmost occurrence first, longest token at that position (HF's leftmost-longest).</summary>
public sealed class AddedTokenMatcher
{
    private readonly SearchValues<char> _firstChars;
    private readonly Dictionary<char, AddedToken[]> _byFirstChar;

    public AddedTokenMatcher(IEnumerable<AddedToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _byFirstChar = tokens.Where(t => t.Content.Length > 0)
            .GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());
        _firstChars = SearchValues.Create(_byFirstChar.Keys.ToArray());
    }

    /// <summary>The first added token at or after <paramref name="start"/>, or (-1, null).</summary>
    public (int Index, AddedToken? Token) FindNext(ReadOnlySpan<char> text, int start)
    {
        var pos = start;
        while (pos < text.Length)
        {
            var offset = text[pos..].IndexOfAny(_firstChars);
            if (offset < 0) break;
            pos += offset;
            foreach (var token in _byFirstChar[text[pos]])
            {
                if (text[pos..].StartsWith(token.Content, StringComparison.Ordinal)) return (pos, token);
            }
            pos++;
        }
        return (-1, null);
    }
}
