namespace Gvm.Training.Rollout;

/// <summary>
/// The one typed record that crosses the Generate → Score → Advantage → Update boundary: B responses, each with
/// its prompt (by id), tokens, their sampling log-probs and 0/1 reward. The constructor checks that every field has one
/// entry per response and that each response has one log-prob per token.
/// </summary>
public sealed record RolloutBatch
{
    public RolloutBatch(int[] groupIds, int[] levels, int[][] promptTokens, int[][] responseTokens, float[][] logProbs, double[] rewards)
    {
        var b = groupIds.Length;
        if (levels.Length != b || promptTokens.Length != b || responseTokens.Length != b || logProbs.Length != b || rewards.Length != b)
            throw new ArgumentException($"rollout batch fields disagree on length: ids {b}, levels {levels.Length}, prompts {promptTokens.Length}, responses {responseTokens.Length}, log-probs {logProbs.Length}, rewards {rewards.Length}");
        for (var i = 0; i < b; i++)
        {
            if (logProbs[i].Length != responseTokens[i].Length)
                throw new ArgumentException($"response {i} has {responseTokens[i].Length} tokens but {logProbs[i].Length} log-probs");
        }
        GroupIds = groupIds;
        Levels = levels;
        PromptTokens = promptTokens;
        ResponseTokens = responseTokens;
        LogProbs = logProbs;
        Rewards = rewards;
    }

    /// <summary>Prompt id per response (the GRPO group).</summary>
    public int[] GroupIds { get; }
    public int[] Levels { get; }
    public int[][] PromptTokens { get; }
    /// <summary>Generated tokens, including the final &lt;eos&gt; when the model stopped.</summary>
    public int[][] ResponseTokens { get; }
    /// <summary>Log-probability of each response token under the temperature-scaled sampling distribution (before top-k/top-p
    /// truncation), as recorded during generation; a teacher-forced recomputation at that temperature gives the same values.</summary>
    public float[][] LogProbs { get; }
    public double[] Rewards { get; }

    /// <summary>Wall seconds the task spent scoring these responses (timing only, for perf/score_s; not data).</summary>
    public double ScoreSeconds { get; init; }

    public int Count => GroupIds.Length;

    public long TokenCount => ResponseTokens.Sum(r => (long)r.Length);

    public RolloutBatch Select(IReadOnlyList<int> indices) => new(
        indices.Select(i => GroupIds[i]).ToArray(),
        indices.Select(i => Levels[i]).ToArray(),
        indices.Select(i => PromptTokens[i]).ToArray(),
        indices.Select(i => ResponseTokens[i]).ToArray(),
        indices.Select(i => LogProbs[i]).ToArray(),
        indices.Select(i => Rewards[i]).ToArray());

    public static RolloutBatch Concat(RolloutBatch a, RolloutBatch b) => new(
        [.. a.GroupIds, .. b.GroupIds], [.. a.Levels, .. b.Levels], [.. a.PromptTokens, .. b.PromptTokens],
        [.. a.ResponseTokens, .. b.ResponseTokens], [.. a.LogProbs, .. b.LogProbs], [.. a.Rewards, .. b.Rewards])
    {
        ScoreSeconds = a.ScoreSeconds + b.ScoreSeconds,
    };

    /// <summary>Mean response length in tokens (0 for an empty batch).</summary>
    public double MeanResponseLength => Count == 0 ? 0 : TokenCount / (double)Count;
}
