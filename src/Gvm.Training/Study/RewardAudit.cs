using Gvm.Core.Runs;
using Gvm.Reasoning.Tasks;
using Gvm.Training.Generation;
using Gvm.Training.Model;
using Gvm.Training.Rewards;
using Gvm.Training.Rollout;
using TorchSharp;

namespace Gvm.Training.Study;

/// <summary>Counts for one difficulty level (level 0 = all levels) of a <see cref="RewardAudit"/>.</summary>
public sealed record RewardAuditRow(int Level, int Samples, int AnswerAccepted, int DerivationAccepted, int AnswerAcceptedWithWrongStep)
{
    /// <summary>Share of answer-accepted samples whose derivation has a wrong step (errors that cancel).</summary>
    public double WrongStepShare => AnswerAccepted == 0 ? 0 : AnswerAcceptedWithWrongStep / (double)AnswerAccepted;
}

/// <summary>
/// What each built-in reward would accept at a checkpoint (docs/trainer.md, "The reward"): samples
/// <c>samples</c> responses at the spec's temperature for the first <c>prompts</c> train prompts in file order, and
/// counts per level the samples the answer reward accepts, those the derivation reward accepts, and the answer-accepted
/// ones whose chain has a wrong step. Under the derivation reward no accepted sample has a wrong step, by construction.
/// </summary>
public static class RewardAudit
{
    public static IReadOnlyList<RewardAuditRow> Run(Qwen2ForCausalLM policy, RunSpec spec, int prompts, int samples, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(prompts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var data = ArithDataset.Build(new ArithTaskOptions
        {
            Levels = spec.Task.Levels, DataSeed = spec.Task.DataSeed, TrainSize = spec.Task.TrainSize, TestPerLevel = spec.Eval.PerLevel,
            LevelMix = spec.Task.LevelMix,
        });
        if (prompts > data.Train.Count) throw new ArgumentOutOfRangeException(nameof(prompts), prompts, $"the train split has {data.Train.Count} prompts");
        var tokenizer = new CharTokenizer();
        var problems = data.Train.Take(prompts).ToArray();
        var options = new GenerationOptions
        {
            Temperature = spec.Sampling.Temperature, TopP = spec.Sampling.TopP, TopK = spec.Sampling.TopK,
            MaxNewTokens = spec.Sampling.MaxNewTokens, StopTokenIds = [CharTokenizer.EosId], PadTokenId = CharTokenizer.PadId,
        };
        using var generator = new torch.Generator(seed, policy.Device);
        var batch = new RolloutSampler(policy, tokenizer, ArithRewards.Answer)
            .Sample(problems, Enumerable.Repeat(samples, problems.Length).ToArray(), options, generator);

        var byLevel = new Dictionary<int, int[]>(); // samples, answer, derivation, wrong-step
        for (var i = 0; i < batch.Count; i++)
        {
            var problem = problems[i / samples];
            var check = ArithDerivation.Check(problem, tokenizer.Decode(batch.ResponseTokens[i]));
            var answer = batch.Rewards[i] > 0;
            foreach (var level in new[] { 0, problem.Level })
            {
                if (!byLevel.TryGetValue(level, out var c)) byLevel[level] = c = new int[4];
                c[0]++;
                if (answer) c[1]++;
                if (check.IsCorrect) c[2]++;
                if (answer && check.Verdict == DerivationVerdict.WrongStep) c[3]++;
            }
        }
        return byLevel.OrderBy(kv => kv.Key == 0 ? int.MaxValue : kv.Key)
            .Select(kv => new RewardAuditRow(kv.Key, kv.Value[0], kv.Value[1], kv.Value[2], kv.Value[3])).ToList();
    }
}
