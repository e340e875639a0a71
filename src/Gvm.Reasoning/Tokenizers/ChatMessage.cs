using System.Text.Json;

namespace Gvm.Reasoning.Tokenizers;

/// <summary>One chat turn. <see cref="ToolCalls"/> (assistant only) holds the raw JSON array of the OpenAI/HF form.</summary>
public sealed record ChatMessage(string Role, string Content, JsonElement? ToolCalls = null)
{
    public const string System = "system";
    public const string User = "user";
    public const string Assistant = "assistant";
    public const string Tool = "tool";

    public static ChatMessage FromSystem(string content) => new(System, content);

    public static ChatMessage FromUser(string content) => new(User, content);

    public static ChatMessage FromAssistant(string content) => new(Assistant, content);

    /// <summary>True when the message carries a non-empty tool_calls array (Jinja truthiness).</summary>
    public bool HasToolCalls => ToolCalls is { ValueKind: JsonValueKind.Array } calls && calls.GetArrayLength() > 0;
}
