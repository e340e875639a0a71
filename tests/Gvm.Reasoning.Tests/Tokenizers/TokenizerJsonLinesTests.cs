using System.Text;
using System.Text.Json;
using Gvm.Reasoning.Tokenizers;

namespace Gvm.Reasoning.Tests.Tokenizers;

public class TokenizerJsonLinesTests
{
    [Fact]
    public async Task Tokenize_writes_one_ids_line_per_input_line_in_order()
    {
        var input = new StringReader("{\"text\": \"Hello world\"}\n\n{\"text\": \"<|im_end|>\", \"extra\": 1}\n");
        using var output = new MemoryStream();
        var n = await TokenizerJsonLines.TokenizeAsync(input, "in.jsonl", output, TokenizerTestData.Tokenizer);
        Assert.Equal(2, n);
        Assert.Equal("{\"ids\":[9707,1879]}\n{\"ids\":[151645]}\n", Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public async Task Chat_renders_and_optionally_tokenizes()
    {
        var input = new StringReader("""{"messages": [{"role": "system", "content": "S"}, {"role": "user", "content": "é"}], "add_generation_prompt": true}""");
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
    [InlineData("\n[1]", 2, "(line)")]
    [InlineData("{\"text\": \"a\"}\n{oops", 2, "(line)")]
    public async Task Bad_tokenize_input_names_file_line_and_field(string content, int line, string field)
    {
        var e = await Assert.ThrowsAsync<JsonLinesInputException>(() =>
            TokenizerJsonLines.TokenizeAsync(new StringReader(content), "cases.jsonl", Stream.Null, TokenizerTestData.Tokenizer));
        Assert.Equal(("cases.jsonl", line, field), (e.File, e.Line, e.Field));
        Assert.StartsWith($"cases.jsonl:{line}: field '{field}'", e.Message);
    }

    [Theory]
    [InlineData("{\"messages\": []}", "messages")]
    [InlineData("{\"messages\": [{\"role\": \"user\"}]}", "messages[0].content")]
    [InlineData("{\"messages\": [{\"role\": \"bot\", \"content\": \"x\"}]}", "messages[0].role")]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"add_generation_prompt\": \"yes\"}", "add_generation_prompt")]
    public async Task Bad_chat_input_names_the_field(string content, string field)
    {
        var e = await Assert.ThrowsAsync<JsonLinesInputException>(() =>
            TokenizerJsonLines.ChatAsync(new StringReader(content), "chat.jsonl", Stream.Null, ChatMlTemplate.Qwen25));
        Assert.Equal(field, e.Field);
    }
}
