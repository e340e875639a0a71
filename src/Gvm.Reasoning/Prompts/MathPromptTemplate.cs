using System.Text;

namespace Gvm.Reasoning.Prompts;

/// <summary>
/// The chain-of-thought prompt of the paper's code (RLHFlow/GVM <c>runs/data_preprocess/numina_process.py</c>, the
/// Qwen2.5-Math CoT style): a system turn asking for step-by-step reasoning with the answer in <c>\boxed{}</c>, and a
/// user turn made of the problem followed by one space and <see cref="Instruction"/>.
/// </summary>
public static class MathPromptTemplate
{
    public const string SystemPrompt = "Please reason step by step, and put your final answer within \\boxed{}.";
    public const string Instruction = "Let's think step by step and output the final answer within \\boxed{}.";

    /// <summary>System + user messages for one problem.</summary>
    public static IReadOnlyList<ChatMessage> Build(string problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return [new ChatMessage("system", SystemPrompt), new ChatMessage("user", UserTurn(problem))];
    }

    public static string UserTurn(string problem) => problem.TrimEnd() + " " + Instruction;

    /// <summary>The problem text of a user turn built by <see cref="UserTurn"/> (the instruction suffix removed).</summary>
    public static string ProblemOf(string userTurn)
    {
        ArgumentNullException.ThrowIfNull(userTurn);
        return userTurn.EndsWith(Instruction, StringComparison.Ordinal) ? userTurn[..^Instruction.Length].TrimEnd() : userTurn;
    }

    /// <summary>
    /// Qwen2 ChatML rendering (<c>&lt;|im_start|&gt;role\ncontent&lt;|im_end|&gt;\n</c> per turn), ending with the open
    /// assistant turn when <paramref name="addGenerationPrompt"/> is set.
    /// </summary>
    public static string RenderChatMl(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = true)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var sb = new StringBuilder();
        foreach (var m in messages)
            sb.Append("<|im_start|>").Append(m.Role).Append('\n').Append(m.Content).Append("<|im_end|>\n");
        if (addGenerationPrompt) sb.Append("<|im_start|>assistant\n");
        return sb.ToString();
    }
}
