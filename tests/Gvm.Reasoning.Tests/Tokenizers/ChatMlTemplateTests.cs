using System.Text;
using System.Text.Json;
using Gvm.Core.IO;
using Gvm.Reasoning.Tokenizers;

namespace Gvm.Reasoning.Tests.Tokenizers;

public class ChatMlTemplateTests
{
    [Fact]
    public void Shared_chat_template_cases_render_exactly_and_tokenize_added_tokens()
    {
        var path = RepoPaths.RequireShared("testdata/qwen2-chat-template-cases.jsonl");
        var tokenizer = TokenizerTestData.Tokenizer;
        foreach (var c in TokenizerTestData.ReadJsonLines(path))
        {
            var messages = c.GetProperty("messages").EnumerateArray()
                .Select(m => new ChatMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!)).ToList();
            var rendered = ChatMlTemplate.Qwen25.Render(messages, c.GetProperty("add_generation_prompt").GetBoolean());
            Assert.Equal(c.GetProperty("rendered").GetString(), rendered);
            var ids = tokenizer.Encode(rendered);
            Assert.Equal(messages.Count + 1, ids.Count(id => id == 151_644)); // one <|im_start|> a turn + the prompt
            Assert.Equal(messages.Count, ids.Count(id => id == 151_645));
        }
    }

    [Fact]
    public void Gvm_math_prompt_is_the_papers_template()
    {
        const string problem = "What is $1+1$?";
        Assert.Equal(
            "<|im_start|>system\nPlease reason step by step, and put your final answer within \\boxed{}.<|im_end|>\n"
            + "<|im_start|>user\nWhat is $1+1$? Let's think step by step and output the final answer within \\boxed{}<|im_end|>\n"
            + "<|im_start|>assistant\n",
            ChatMlTemplate.RenderMathPrompt(problem));
    }

    [Fact]
    public void Default_system_prompt_is_inserted_and_configurable()
    {
        var user = new[] { ChatMessage.FromUser("Hi") };
        Assert.Equal("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n",
            ChatMlTemplate.Qwen25.Render(user, addGenerationPrompt: false));
        var math = new ChatMlTemplate(new ChatTemplateOptions { DefaultSystemPrompt = "S" });
        Assert.StartsWith("<|im_start|>system\nS<|im_end|>\n", math.Render(user, addGenerationPrompt: true));
    }

    [Fact]
    public void Later_system_turns_and_tool_turns_follow_the_template()
    {
        using var calls = JsonDocument.Parse("""[{"type": "function", "function": {"name": "add", "arguments": {"a": 1, "b": 2.50, "s": "x\"y"}}}]""");
        var messages = new[]
        {
            ChatMessage.FromUser("q"),
            ChatMessage.FromSystem("later system"),
            new ChatMessage(ChatMessage.Assistant, "", calls.RootElement.Clone()),
            new ChatMessage(ChatMessage.Tool, "3.5"),
            new ChatMessage(ChatMessage.Tool, "ok"),
            ChatMessage.FromAssistant("done"),
        };
        var expected = new StringBuilder()
            .Append("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n")
            .Append("<|im_start|>user\nq<|im_end|>\n")
            .Append("<|im_start|>system\nlater system<|im_end|>\n")
            .Append("<|im_start|>assistant\n<tool_call>\n{\"name\": \"add\", \"arguments\": {\"a\": 1, \"b\": 2.5, \"s\": \"x\\\"y\"}}\n</tool_call><|im_end|>\n")
            .Append("<|im_start|>user\n<tool_response>\n3.5\n</tool_response>\n<tool_response>\nok\n</tool_response><|im_end|>\n")
            .Append("<|im_start|>assistant\ndone<|im_end|>\n")
            .ToString();
        Assert.Equal(expected, ChatMlTemplate.Qwen25.Render(messages, addGenerationPrompt: false));
    }

    [Fact]
    public void Tools_header_lists_each_schema_as_python_json()
    {
        using var tools = JsonDocument.Parse("""[{"name": "f", "description": "é\n"}]""");
        var rendered = ChatMlTemplate.Qwen25.Render([ChatMessage.FromSystem("sys"), ChatMessage.FromUser("u")], true, tools.RootElement);
        Assert.StartsWith("<|im_start|>system\nsys\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\n"
            + "You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n{\"name\": \"f\", \"description\": \"é\\n\"}\n</tools>", rendered);
        Assert.EndsWith("</tool_call><|im_end|>\n<|im_start|>user\nu<|im_end|>\n<|im_start|>assistant\n", rendered);
    }

    [Theory]
    [InlineData("1", "1")]
    [InlineData("-7", "-7")]
    [InlineData("2.50", "2.5")]
    [InlineData("1e5", "100000.0")]
    [InlineData("1e16", "1e+16")]
    [InlineData("0.0001", "0.0001")]
    [InlineData("0.00001", "1e-05")]
    [InlineData("1.5e300", "1.5e+300")]
    [InlineData("123.456", "123.456")]
    public void Numbers_follow_python_float_repr(string raw, string expected) => Assert.Equal(expected, PythonJson.FormatNumber(raw));

    [Fact]
    public void Unknown_roles_and_empty_conversations_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ChatMlTemplate.Qwen25.Render([], true));
        Assert.Throws<ArgumentException>(() => ChatMlTemplate.Qwen25.Render([new ChatMessage("robot", "x")], true));
    }
}
