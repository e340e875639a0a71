using Gvm.Reasoning.Prompts;

namespace Gvm.Reasoning.Tests.Prompts;

public class MathPromptTemplateTests
{
    [Fact]
    public void Builds_the_qwen_math_cot_prompt()
    {
        var messages = MathPromptTemplate.Build("What is $2+2$?");
        Assert.Equal(new ChatMessage("system", "Please reason step by step, and put your final answer within \\boxed{}."), messages[0]);
        Assert.Equal("What is $2+2$? Let's think step by step and output the final answer within \\boxed{}.", messages[1].Content);
        Assert.Equal("What is $2+2$?", MathPromptTemplate.ProblemOf(messages[1].Content));
    }

    [Fact]
    public void Renders_chatml_with_generation_prompt()
    {
        var text = MathPromptTemplate.RenderChatMl([new ChatMessage("system", "S"), new ChatMessage("user", "U")]);
        Assert.Equal("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n", text);
    }
}
