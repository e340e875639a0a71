using System.Text;
using System.Text.Json;
using Gvm.Core.Inputs;
using Gvm.Reasoning.Tokenizers;

namespace Gvm.Reasoning.Tests.Tokenizers;

public class TokenizerJsonLinesTests
{
    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    private static MemoryStream Bytes(params byte[][] parts) => new(parts.SelectMany(p => p).ToArray());

    [Fact]
    public async Task Tokenize_writes_one_ids_line_per_input_line_in_order()
    {
        var input = Utf8("{\"text\": \"Hello world\"}\n\n{\"text\": \"<|im_end|>\", \"extra\": 1}\n");
        using var output = new MemoryStream();
        var n = await TokenizerJsonLines.TokenizeAsync(input, "in.jsonl", output, TokenizerTestData.Tokenizer);
        Assert.Equal(2, n);
        Assert.Equal("{\"ids\":[9707,1879]}\n{\"ids\":[151645]}\n", Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public async Task Chat_renders_and_optionally_tokenizes()
    {
        var input = Utf8("""{"messages": [{"role": "system", "content": "S"}, {"role": "user", "content": "é"}], "add_generation_prompt": true}""");
        using var output = new MemoryStream();
        await TokenizerJsonLines.ChatAsync(input, "in.jsonl", output, ChatMlTemplate.Qwen25, TokenizerTestData.Tokenizer);
        using var doc = JsonDocument.Parse(output.ToArray());
        var rendered = doc.RootElement.GetProperty("rendered").GetString()!;
        Assert.Equal("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\né<|im_end|>\n<|im_start|>assistant\n", rendered);
        Assert.Equal(TokenizerTestData.Tokenizer.Encode(rendered), TokenizerTestData.Ids(doc.RootElement));
        Assert.Contains("é", Encoding.UTF8.GetString(output.ToArray())); // not \u00e9
    }

    [Theory]
    [InlineData("{\"txt\": \"a\"}", 1, "text")]
    [InlineData("{\"text\": 3}", 1, "text")]
    [InlineData("\n[1]", 2, "")]
    [InlineData("{\"text\": \"a\"}\n{oops", 2, "")]
    [InlineData("{\"text\": \"a\\ud800\"}", 1, "text")]          // a lone surrogate escape
    [InlineData("{\"text\": \"a\", \"text\": \"b\"}", 1, "text")] // a duplicate key
    public async Task Bad_tokenize_input_names_file_line_and_field(string content, int line, string field)
    {
        var e = await Assert.ThrowsAnyAsync<InputException>(() =>
            TokenizerJsonLines.TokenizeAsync(Utf8(content), "cases.jsonl", Stream.Null, TokenizerTestData.Tokenizer));
        Assert.Equal(("cases.jsonl", (long)line, field), (e.File, e.Line, e.Field));
        Assert.StartsWith(field.Length == 0 ? $"cases.jsonl:{line}" : $"cases.jsonl:{line}: {field}: ", e.Message);
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_are_an_error_at_their_line_and_column_not_a_replacement_character()
    {
        var e = await Assert.ThrowsAnyAsync<InputException>(() => TokenizerJsonLines.TokenizeAsync(
            Bytes("{\"text\": \"ok\"}\n{\"text\": \""u8.ToArray(), [0xFF], "\"}\n"u8.ToArray()), "bad.jsonl", Stream.Null, TokenizerTestData.Tokenizer));
        Assert.Equal((2L, 11L), (e.Line, e.Column));
        Assert.Contains("0xFF", e.Message);
    }

    [Theory]
    [InlineData("{\"messages\": []}", "messages")]
    [InlineData("{\"messages\": [{\"role\": \"user\"}]}", "messages[0].content")]
    [InlineData("{\"messages\": [{\"role\": \"bot\", \"content\": \"x\"}]}", "messages[0].role")]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"add_generation_prompt\": \"yes\"}", "add_generation_prompt")]
    public async Task Bad_chat_input_names_the_field(string content, string field)
    {
        var e = await Assert.ThrowsAnyAsync<InputException>(() =>
            TokenizerJsonLines.ChatAsync(Utf8(content), "chat.jsonl", Stream.Null, ChatMlTemplate.Qwen25));
        Assert.Equal(field, e.Field);
    }
}
