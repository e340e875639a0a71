using Gvm.Reasoning.Tasks;
using Gvm.Training.Generation;
using Gvm.Training.Model;
using Gvm.Training.Rewards;

namespace Gvm.Training.Rollout;

/// <summary>Draws responses for prompts (n_i each) and scores them with the task's reward (<see cref="ArithRewards"/>).</summary>
public sealed class RolloutSampler(Qwen2ForCausalLM model, CharTokenizer tokenizer, Func<ArithProblem, string, double> reward, int chunkSize = 256)
{
    /// <summary>Samples <paramref name="counts"/>[i] responses for <paramref name="problems"/>[i] (0 = none).</summary>
    public RolloutBatch Sample(IReadOnlyList<ArithProblem> problems, IReadOnlyList<int> counts, GenerationOptions options, TorchSharp.torch.Generator? generator)
    {
        var expanded = new List<ArithProblem>();
        for (var i = 0; i < problems.Count; i++)
            for (var k = 0; k < counts[i]; k++) expanded.Add(problems[i]);
        return Generate(expanded, options, generator);
    }

    /// <summary>One response per entry of <paramref name="problems"/>, generated in chunks.</summary>
    public RolloutBatch Generate(IReadOnlyList<ArithProblem> problems, GenerationOptions options, TorchSharp.torch.Generator? generator)
    {
        var prompts = problems.Select(Encode).ToArray();
        var responses = new int[problems.Count][];
        var logProbs = new float[problems.Count][];
        for (var start = 0; start < problems.Count; start += chunkSize)
        {
            var n = Math.Min(chunkSize, problems.Count - start);
            var result = BatchGenerator.Generate(model, prompts[start..(start + n)], options, generator);
            for (var k = 0; k < n; k++)
            {
                responses[start + k] = result.Tokens[k];
                logProbs[start + k] = result.LogProbs[k];
            }
        }
        var scoring = System.Diagnostics.Stopwatch.StartNew();
        var rewards = new double[problems.Count];
        for (var i = 0; i < problems.Count; i++)
            rewards[i] = reward(problems[i], tokenizer.Decode(responses[i]));
        return new RolloutBatch(problems.Select(p => p.Id).ToArray(), problems.Select(p => p.Level).ToArray(), prompts, responses,
            logProbs, rewards) { ScoreSeconds = scoring.Elapsed.TotalSeconds };
    }

    /// <summary>&lt;bos&gt; + prompt characters.</summary>
    public int[] Encode(ArithProblem p) => [CharTokenizer.BosId, .. tokenizer.Encode(p.Prompt)];
}
