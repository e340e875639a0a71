using System.Text;
using System.Text.Json;

namespace Gvm.Reasoning.Tokenizers;

/// <summary>Options of <see cref="ChatMlTemplate"/>.</summary>
public sealed record ChatTemplateOptions
{
    /// <summary>Qwen2.5-*-Instruct's default system prompt (the template in shared/data/tokenizers/qwen2).</summary>
    public const string Qwen25InstructSystem = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";

    /// <summary>The GVM paper's system prompt for Qwen2.5-Math (RLHFlow/GVM em/utils.py SYSTEM_PROMPTS['qwen25-math-cot']).</summary>
    public const string Qwen25MathCotSystem = "Please reason step by step, and put your final answer within \\boxed{}.";

    /// <summary>Inserted when the first message is not a system message (differs by model; see SOURCES.md).</summary>
    public string DefaultSystemPrompt { get; init; } = Qwen25InstructSystem;

    public void Validate() => ArgumentNullException.ThrowIfNull(DefaultSystemPrompt);
}

/// <summary>
/// Renders messages exactly as the Qwen2.5 chat template does under transformers' Jinja2 (trim_blocks, lstrip_blocks):
/// shared/data/tokenizers/qwen2/qwen2.5-instruct.chat_template.jinja, written out as code. Covers system handling
/// (default system prompt), user/assistant/system turns, assistant tool calls, grouped tool responses, the tools
/// header, and the generation prompt <c>&lt;|im_start|&gt;assistant\n</c>.
/// </summary>
public sealed class ChatMlTemplate
{
    private readonly ChatTemplateOptions _options;

    public ChatMlTemplate(ChatTemplateOptions? options = null)
    {
        _options = options ?? new ChatTemplateOptions();
        _options.Validate();
    }

    /// <summary>The template with Qwen2.5-Instruct defaults.</summary>
    public static ChatMlTemplate Qwen25 { get; } = new();

    /// <summary>The GVM prompt for a math problem: paper system prompt, problem plus the question suffix, generation prompt.</summary>
    public static string RenderMathPrompt(string problem, string suffix = " Let's think step by step and output the final answer within \\boxed{}") =>
        Qwen25.Render([ChatMessage.FromSystem(ChatTemplateOptions.Qwen25MathCotSystem), ChatMessage.FromUser(problem + suffix)], addGenerationPrompt: true);

    /// <summary>Renders <paramref name="messages"/>; <paramref name="tools"/> is a JSON array of tool schemas or null.</summary>
    /// <exception cref="ArgumentException">No messages, or an unknown role.</exception>
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt, JsonElement? tools = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0) throw new ArgumentException("at least one message is needed (the template reads messages[0])", nameof(messages));
        var sb = new StringBuilder();
        var firstIsSystem = messages[0].Role == ChatMessage.System;
        var toolList = tools is { ValueKind: JsonValueKind.Array } t && t.GetArrayLength() > 0 ? t : (JsonElement?)null;
        if (toolList is { } list)
        {
            sb.Append("<|im_start|>system\n").Append(firstIsSystem ? messages[0].Content : _options.DefaultSystemPrompt);
            sb.Append("\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\n")
              .Append("You are provided with function signatures within <tools></tools> XML tags:\n<tools>");
            foreach (var tool in list.EnumerateArray()) sb.Append('\n').Append(PythonJson.Dumps(tool));
            sb.Append("\n</tools>\n\nFor each function call, return a json object with function name and arguments within ")
              .Append("<tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n");
        }
        else
        {
            sb.Append("<|im_start|>system\n").Append(firstIsSystem ? messages[0].Content : _options.DefaultSystemPrompt).Append("<|im_end|>\n");
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            switch (m.Role)
            {
                case ChatMessage.System when i == 0:
                    break; // already rendered in the header
                case ChatMessage.User or ChatMessage.System:
                case ChatMessage.Assistant when !m.HasToolCalls:
                    sb.Append("<|im_start|>").Append(m.Role).Append('\n').Append(m.Content).Append("<|im_end|>\n");
                    break;
                case ChatMessage.Assistant:
                    sb.Append("<|im_start|>assistant");
                    if (m.Content.Length > 0) sb.Append('\n').Append(m.Content);
                    foreach (var call in m.ToolCalls!.Value.EnumerateArray()) AppendToolCall(sb, call);
                    sb.Append("<|im_end|>\n");
                    break;
                case ChatMessage.Tool:
                    if (i == 0 || messages[i - 1].Role != ChatMessage.Tool) sb.Append("<|im_start|>user");
                    sb.Append("\n<tool_response>\n").Append(m.Content).Append("\n</tool_response>");
                    if (i == messages.Count - 1 || messages[i + 1].Role != ChatMessage.Tool) sb.Append("<|im_end|>\n");
                    break;
                default:
                    throw new ArgumentException($"messages[{i}]: role '{m.Role}' is not one of system, user, assistant, tool", nameof(messages));
            }
        }
        if (addGenerationPrompt) sb.Append("<|im_start|>assistant\n");
        return sb.ToString();
    }

    private static void AppendToolCall(StringBuilder sb, JsonElement call)
    {
        // {% if tool_call.function is defined %}{% set tool_call = tool_call.function %}
        var fn = call.ValueKind == JsonValueKind.Object && call.TryGetProperty("function", out var f) ? f : call;
        var name = fn.ValueKind == JsonValueKind.Object && fn.TryGetProperty("name", out var n) ? n.ToString() : "";
        var args = fn.ValueKind == JsonValueKind.Object && fn.TryGetProperty("arguments", out var a) ? PythonJson.Dumps(a) : "null";
        sb.Append("\n<tool_call>\n{\"name\": \"").Append(name).Append("\", \"arguments\": ").Append(args).Append("}\n</tool_call>");
    }
}
