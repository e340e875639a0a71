namespace Gvm.Reasoning.Prompts;

/// <summary>One chat turn, as stored in verl's <c>prompt</c> column (role: system, user or assistant).</summary>
public sealed record ChatMessage(string Role, string Content);
