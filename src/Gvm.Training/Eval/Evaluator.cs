using Gvm.Core.Runs;
using Gvm.Reasoning.Tasks;
using Gvm.Training.Generation;
using Gvm.Training.Rollout;

namespace Gvm.Training.Eval;

/// <summary>Greedy decoding on the fixed test split: eval/accuracy and eval/accuracy_level_{k}.</summary>
public static class Evaluator
{
    public static Dictionary<string, double> Run(RolloutSampler sampler, IReadOnlyList<ArithProblem> test, int levels, int maxNewTokens)
    {
        var options = new GenerationOptions
        {
            Greedy = true,
            MaxNewTokens = maxNewTokens,
            StopTokenIds = [CharTokenizer.EosId],
            PadTokenId = CharTokenizer.PadId,
        };
        var batch = sampler.Generate(test, options, null);
        var metrics = new Dictionary<string, double>
        {
            [MetricNames.EvalAccuracy] = batch.Rewards.Average(),
            [MetricNames.EvalProblems] = batch.Count,
        };
        for (var level = 1; level <= levels; level++)
        {
            var idx = Enumerable.Range(0, batch.Count).Where(i => batch.Levels[i] == level).ToArray();
            metrics[MetricNames.EvalAccuracyLevel(level)] = idx.Length == 0 ? 0 : idx.Average(i => batch.Rewards[i]);
        }
        return metrics;
    }
}
