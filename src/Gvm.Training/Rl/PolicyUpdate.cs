using Gvm.Training.Losses;
using Gvm.Training.Model;
using Gvm.Training.Rollout;
using Gvm.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;

namespace Gvm.Training.Rl;

/// <summary>
/// The Update phase of one RL step (verl <c>dp_actor.update_policy</c>): old (rollout-policy) and reference log-probs
/// are computed once without gradients (in length buckets, <see cref="RolloutLogProbs"/>; one pass when the policy
/// still equals the reference), then <c>epochs</c> passes over the shuffled samples cut into
/// <see cref="PolicyUpdateOptions.MiniBatches"/> near-equal mini-batches each take one AdamW step on
/// pg_loss + kl_coef·KL (token-mean). verl splits by a fixed mini-batch size instead; a fixed count keeps the number of
/// updates of a GVM step (whose sample count varies) equal to its baseline's (docs/trainer.md, "Equal updates").
/// Per-token tensors are in response coordinates (<see cref="ResponsePacking"/>). Letters: B responses, b rows of a
/// mini-batch, R longest response, T longest prompt + response of a mini-batch.
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

        // Old and reference log-probs in response coordinates [B, R], without gradients, in length buckets. The two
        // coincide while the policy still equals the reference (the first step, or the first of each EM iteration
        // with gvm.reset_each_iteration): one pass then serves both.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var oldLogp = RolloutLogProbs.Compute(policy, batch, options.Temperature, padId);              // [B, R]
        var refLogp = !options.UseKl || reference is null ? oldLogp
            : SameWeights(policy, reference) ? oldLogp
            : RolloutLogProbs.Compute(reference, batch, options.Temperature, padId);                   // [B, R]
        var logProbSeconds = watch.Elapsed.TotalSeconds;
        var adv = tensor(advantages.Select(a => (float)a).ToArray(), device: device);                   // [B]

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
                var members = order[start..end];
                // Each mini-batch is padded to its own longest sequence, not to the step's.
                var packed = ResponsePacking.Pack(batch.PromptTokens, batch.ResponseTokens, members, padId, device); // [b, T], [b, R_b]
                var rows = tensor(members.Select(i => (long)i).ToArray(), device: device);
                var mask = packed.ResponseMask;                                                          // [b, R_b]
                var width = mask.shape[1];
                var current = policy.ResponseLogProbs(packed, options.Temperature, withEntropy: true);  // [b, R_b]
                var pg = PolicyLoss.Compute(current.LogProbs, oldLogp.index_select(0, rows).narrow(1, 0, width),
                    adv.index_select(0, rows).unsqueeze(1).mul(mask), mask, options.ClipLow, options.ClipHigh);
                var total = pg.Loss;
                var klValue = zeros(1, device: device);
                if (options.UseKl && reference is not null)
                {
                    klValue = LossAggregation.TokenMean(KlPenalty.LowVarKl(current.LogProbs, refLogp.index_select(0, rows).narrow(1, 0, width)), mask);
                    using var klCoef = options.KlCoef.ToScalar(); // held for the call: see RmsNorm.Apply on implicit scalars
                    total = total + klValue.mul(klCoef);
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

    /// <summary>True when every parameter of the two models is bitwise equal (same architecture assumed). Stops at the
    /// first difference, so after the first update it costs one comparison of the embedding.</summary>
    public static bool SameWeights(Qwen2ForCausalLM a, Qwen2ForCausalLM b)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var pa = a.parameters().ToArray();
        var pb = b.parameters().ToArray();
        if (pa.Length != pb.Length) return false;
        for (var i = 0; i < pa.Length; i++)
        {
            if (!pa[i].shape.SequenceEqual(pb[i].shape) || pa[i].dtype != pb[i].dtype) return false;
            if (!pa[i].allclose(pb[i], rtol: 0, atol: 0)) return false; // sync point: one per compared parameter
        }
        return true;
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
