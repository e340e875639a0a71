using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gvm.Reasoning.Tokenizers;

/// <summary>A JSON Lines input line is malformed: names the file, the 1-based line and the field.</summary>
public sealed class JsonLinesInputException(string file, long line, string field, string message, Exception? inner = null)
    : Gvm.Core.Inputs.InputException(file, line, field, message, inner);

/// <summary>
/// The logic of <c>gvm tokenize</c> and <c>gvm chat</c>: one JSON object per non-empty input line in, one per line
/// out, in order. Empty lines are skipped. Input is read strictly (<see cref="Gvm.Core.Inputs.JsonLinesInput"/>,
/// <see cref="Gvm.Core.Inputs.JsonInput"/>): bytes that are not UTF-8, lone surrogate escapes and duplicate keys are
/// errors naming the line, never text silently replaced.
/// </summary>
public static class TokenizerJsonLines
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Lines <c>{"text": "..."}</c> → <c>{"ids": [...]}</c>. Returns the number of lines written.</summary>
    public static async Task<int> TokenizeAsync(Stream input, string inputName, Stream output, Qwen2Tokenizer tokenizer,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        return await ProcessAsync(input, inputName, output, (root, lineNo, writer) =>
        {
            var text = RequireString(root, "text", inputName, lineNo);
            writer.WriteStartObject();
            writer.WriteStartArray("ids");
            foreach (var id in tokenizer.Encode(text)) writer.WriteNumberValue(id);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Lines <c>{"messages": [{"role", "content", "tool_calls"?}], "add_generation_prompt"?: bool, "tools"?: [...]}</c>
    /// → <c>{"rendered": "..."}</c>, plus <c>"ids"</c> when a tokenizer is given.
    /// </summary>
    public static async Task<int> ChatAsync(Stream input, string inputName, Stream output, ChatMlTemplate template,
        Qwen2Tokenizer? idsTokenizer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        return await ProcessAsync(input, inputName, output, (root, lineNo, writer) =>
        {
            var messages = ReadMessages(root, inputName, lineNo);
            var addPrompt = false;
            if (root.TryGetProperty("add_generation_prompt", out var g))
            {
                addPrompt = g.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False or JsonValueKind.Null => false,
                    _ => throw new JsonLinesInputException(inputName, lineNo, "add_generation_prompt", "expected true or false"),
                };
            }
            JsonElement? tools = root.TryGetProperty("tools", out var t) && t.ValueKind != JsonValueKind.Null ? t : null;
            if (tools is { ValueKind: not JsonValueKind.Array }) throw new JsonLinesInputException(inputName, lineNo, "tools", "expected an array");
            var rendered = template.Render(messages, addPrompt, tools);
            writer.WriteStartObject();
            writer.WriteString("rendered", rendered);
            if (idsTokenizer is not null)
            {
                writer.WriteStartArray("ids");
                foreach (var id in idsTokenizer.Encode(rendered)) writer.WriteNumberValue(id);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }, cancellationToken).ConfigureAwait(false);
    }

    private static List<ChatMessage> ReadMessages(JsonElement root, string file, int lineNo)
    {
        if (!root.TryGetProperty("messages", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
            throw new JsonLinesInputException(file, lineNo, "messages", "expected a non-empty array of {role, content}");
        var messages = new List<ChatMessage>();
        var i = 0;
        foreach (var m in array.EnumerateArray())
        {
            var field = $"messages[{i++}]";
            if (m.ValueKind != JsonValueKind.Object) throw new JsonLinesInputException(file, lineNo, field, "expected an object");
            var role = RequireString(m, "role", file, lineNo, field + ".");
            if (role is not (ChatMessage.System or ChatMessage.User or ChatMessage.Assistant or ChatMessage.Tool))
                throw new JsonLinesInputException(file, lineNo, field + ".role", $"'{role}' is not one of system, user, assistant, tool");
            JsonElement? calls = m.TryGetProperty("tool_calls", out var c) && c.ValueKind != JsonValueKind.Null ? c.Clone() : null;
            if (calls is { ValueKind: not JsonValueKind.Array }) throw new JsonLinesInputException(file, lineNo, field + ".tool_calls", "expected an array");
            var hasContent = m.TryGetProperty("content", out var ce) && ce.ValueKind != JsonValueKind.Null;
            var content = !hasContent && calls is not null
                ? "" // assistant turns that only call tools may omit content or carry content: null
                : RequireString(m, "content", file, lineNo, field + ".");
            messages.Add(new ChatMessage(role, content, calls));
        }
        return messages;
    }

    private static string RequireString(JsonElement obj, string name, string file, int lineNo, string prefix = "")
    {
        if (!obj.TryGetProperty(name, out var value)) throw new JsonLinesInputException(file, lineNo, prefix + name, "missing");
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new JsonLinesInputException(file, lineNo, prefix + name, $"expected a string, got {value.ValueKind.ToString().ToLowerInvariant()}");
    }

    private static async Task<int> ProcessAsync(Stream input, string inputName, Stream output,
        Action<JsonElement, int, Utf8JsonWriter> handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var buffer = new ArrayBufferWriter<byte>(4096);
        var written = 0;
        await foreach (var (number, bytes) in Gvm.Core.Inputs.JsonLinesInput.ReadBytesAsync(input, inputName, cancellationToken).ConfigureAwait(false))
        {
            var lineNo = (int)number;
            if (bytes.AsSpan().Trim(" \t"u8).IsEmpty) continue;
            using (var doc = Gvm.Core.Inputs.JsonInput.Parse(bytes, inputName, lineNo))
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new JsonLinesInputException(inputName, lineNo, "", "expected a JSON object");
                buffer.ResetWrittenCount();
                using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) handle(doc.RootElement, lineNo, writer);
                buffer.Write("\n"u8);
                await output.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                written++;
            }
        }
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }
}
