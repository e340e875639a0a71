using Gvm.Training.Losses;
using Gvm.Training.Model;
using Gvm.Training.Rollout;
using Gvm.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;

namespace Gvm.Training.Rl;

/// <summary>
/// The Update phase of one RL step (verl <c>dp_actor.update_policy</c>): old (rollout-policy) and reference log-probs
/// are computed once without gradients, then <c>epochs</c> passes over the shuffled samples cut into
/// <see cref="PolicyUpdateOptions.MiniBatches"/> near-equal mini-batches each take one AdamW step on
/// pg_loss + kl_coef·KL (token-mean). verl splits by a fixed mini-batch size instead; a fixed count keeps the number of
/// updates of a GVM step (whose sample count varies) equal to its baseline's (docs/trainer.md, "Equal updates").
/// Letters: B responses, T positions.
/// </summary>
public static class PolicyUpdate
{
    public static PolicyUpdateStats Run(Qwen2ForCausalLM policy, Qwen2ForCausalLM? reference, PolicyOptimizer optimizer,
        RolloutBatch batch, double[] advantages, PolicyUpdateOptions options, Random shuffle, int step, int padId)
    {
        if (advantages.Length != batch.Count) throw new ArgumentException($"{advantages.Length} advantages for {batch.Count} samples");
        if (batch.Count == 0) return PolicyUpdateStats.None;
        using var outer = NewDisposeScope();
        var device = policy.Device;
        var packed = SequencePacking.Pack(batch.PromptTokens, batch.ResponseTokens, padId, device); // [B, T]
        var adv = tensor(advantages.Select(a => (float)a).ToArray(), device: device).unsqueeze(1)
            .mul(packed.ResponseMask);                                                           // [B, T]
        Tensor oldLogp, refLogp;
        var logProbWatch = System.Diagnostics.Stopwatch.StartNew();
        using (no_grad())
        {
            oldLogp = policy.SequenceLogProbs(packed.Ids, packed.AttentionMask, packed.ResponseMask, options.Temperature).LogProbs; // [B, T]
            refLogp = options.UseKl && reference is not null
                ? reference.SequenceLogProbs(packed.Ids, packed.AttentionMask, packed.ResponseMask, options.Temperature).LogProbs
                : oldLogp;
        }
        var logProbSeconds = logProbWatch.Elapsed.TotalSeconds;

        int updates = 0;
        double loss = 0, kl = 0, entropy = 0, gradNorm = 0, clipFrac = 0;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            var order = Enumerable.Range(0, batch.Count).ToArray();
            shuffle.Shuffle(order);
            foreach (var (start, end) in MiniBatchBounds(order.Length, options.MiniBatches))
            {
                if (end == start) continue; // fewer samples than mini-batches: only possible for a nearly empty GVM step
                using var scope = NewDisposeScope();
                var rows = tensor(order[start..end].Select(i => (long)i).ToArray(), device: device);
                var mask = packed.ResponseMask.index_select(0, rows);                                       // [b, T]
                var current = policy.SequenceLogProbs(packed.Ids.index_select(0, rows), packed.AttentionMask.index_select(0, rows),
                    mask, options.Temperature, withEntropy: true);                                          // [b, T]
                var pg = PolicyLoss.Compute(current.LogProbs, oldLogp.index_select(0, rows), adv.index_select(0, rows), mask,
                    options.ClipLow, options.ClipHigh);
                var total = pg.Loss;
                var klValue = zeros(1, device: device);
                if (options.UseKl && reference is not null)
                {
                    klValue = LossAggregation.TokenMean(KlPenalty.LowVarKl(current.LogProbs, refLogp.index_select(0, rows)), mask);
                    total = total + options.KlCoef * klValue;
                }
                var lossValue = total.item<float>(); // sync point (device → host): the divergence check needs the value before backward
                if (!float.IsFinite(lossValue)) throw new TrainingDivergedException(step, "train/loss");

                optimizer.ZeroGrad();
                total.backward();
                var norm = optimizer.ClipGradients(options.GradClip);
                if (!double.IsFinite(norm)) throw new TrainingDivergedException(step, "train/grad_norm");
                optimizer.Step();

                // Sync points: the per-update statistics below copy four scalars to the host (once per mini-batch).
                updates++;
                loss += lossValue;
                kl += klValue.sum().item<float>();
                entropy += LossAggregation.TokenMean(current.Entropy!, mask).item<float>();
                gradNorm += norm;
                clipFrac += pg.ClipFraction.item<float>();
            }
        }
        return new PolicyUpdateStats(updates, loss / updates, kl / updates, entropy / updates, gradNorm / updates, clipFrac / updates)
        {
            LogProbSeconds = logProbSeconds,
        };
    }

    /// <summary>
    /// [start, end) of each of <paramref name="miniBatches"/> contiguous mini-batches over <paramref name="count"/> samples:
    /// mini-batch k is [⌊k·count/m⌋, ⌊(k+1)·count/m⌋), so sizes differ by at most one and every sample is used once.
    /// With count a multiple of m this is verl's split into equal mini-batches.
    /// </summary>
    public static IEnumerable<(int Start, int End)> MiniBatchBounds(int count, int miniBatches)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(miniBatches, 1);
        for (var k = 0; k < miniBatches; k++)
            yield return ((int)((long)k * count / miniBatches), (int)((long)(k + 1) * count / miniBatches));
    }
}
