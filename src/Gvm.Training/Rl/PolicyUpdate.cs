using Gvm.Training.Losses;
using Gvm.Training.Model;
using Gvm.Training.Rollout;
using Gvm.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;

namespace Gvm.Training.Rl;

/// <summary>
/// The Update phase of one RL step (verl <c>dp_actor.update_policy</c>): old (rollout-policy) and reference log-probs
/// are computed once without gradients, then <c>epochs</c> passes over shuffled mini-batches of
/// <c>mini_batch_size</c> samples each take one AdamW step on pg_loss + kl_coef·KL (token-mean).
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
        using (no_grad())
        {
            oldLogp = policy.SequenceLogProbs(packed.Ids, packed.AttentionMask, packed.ResponseMask, options.Temperature).LogProbs; // [B, T]
            refLogp = options.UseKl && reference is not null
                ? reference.SequenceLogProbs(packed.Ids, packed.AttentionMask, packed.ResponseMask, options.Temperature).LogProbs
                : oldLogp;
        }

        int updates = 0;
        double loss = 0, kl = 0, entropy = 0, gradNorm = 0, clipFrac = 0;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            var order = Enumerable.Range(0, batch.Count).ToArray();
            shuffle.Shuffle(order);
            for (var start = 0; start < order.Length; start += options.MiniBatchSize)
            {
                using var scope = NewDisposeScope();
                var rows = tensor(order[start..Math.Min(order.Length, start + options.MiniBatchSize)].Select(i => (long)i).ToArray(), device: device);
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
        return new PolicyUpdateStats(updates, loss / updates, kl / updates, entropy / updates, gradNorm / updates, clipFrac / updates);
    }
}
