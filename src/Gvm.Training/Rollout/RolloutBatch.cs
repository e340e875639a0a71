namespace Gvm.Training.Rollout;

/// <summary>
/// The one typed record that crosses the Generate → Score → Advantage → Update boundary: B responses, each with
/// its prompt (by id), tokens and 0/1 reward. The constructor checks that every field has one entry per response.
/// </summary>
public sealed record RolloutBatch
{
    public RolloutBatch(int[] groupIds, int[] levels, int[][] promptTokens, int[][] responseTokens, double[] rewards)
    {
        var b = groupIds.Length;
        if (levels.Length != b || promptTokens.Length != b || responseTokens.Length != b || rewards.Length != b)
            throw new ArgumentException($"rollout batch fields disagree on length: ids {b}, levels {levels.Length}, prompts {promptTokens.Length}, responses {responseTokens.Length}, rewards {rewards.Length}");
        GroupIds = groupIds;
        Levels = levels;
        PromptTokens = promptTokens;
        ResponseTokens = responseTokens;
        Rewards = rewards;
    }

    /// <summary>Prompt id per response (the GRPO group).</summary>
    public int[] GroupIds { get; }
    public int[] Levels { get; }
    public int[][] PromptTokens { get; }
    /// <summary>Generated tokens, including the final &lt;eos&gt; when the model stopped.</summary>
    public int[][] ResponseTokens { get; }
    public double[] Rewards { get; }

    public int Count => GroupIds.Length;

    public long TokenCount => ResponseTokens.Sum(r => (long)r.Length);

    public RolloutBatch Select(IReadOnlyList<int> indices) => new(
        indices.Select(i => GroupIds[i]).ToArray(),
        indices.Select(i => Levels[i]).ToArray(),
        indices.Select(i => PromptTokens[i]).ToArray(),
        indices.Select(i => ResponseTokens[i]).ToArray(),
        indices.Select(i => Rewards[i]).ToArray());

    public static RolloutBatch Concat(RolloutBatch a, RolloutBatch b) => new(
        [.. a.GroupIds, .. b.GroupIds], [.. a.Levels, .. b.Levels], [.. a.PromptTokens, .. b.PromptTokens],
        [.. a.ResponseTokens, .. b.ResponseTokens], [.. a.Rewards, .. b.Rewards]);
}
