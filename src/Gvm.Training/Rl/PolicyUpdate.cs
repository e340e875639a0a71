using Gvm.Training.Losses;
using Gvm.Training.Model;
using Gvm.Training.Optim;
using Gvm.Training.Rollout;
using TorchSharp;
using static TorchSharp.torch;

namespace Gvm.Training.Rl;

/// <summary>
/// The Update phase of one RL step (verl <c>dp_actor.update_policy</c>): old (rollout-policy) and reference log-probs
/// are computed once without gradients (in length buckets, <see cref="RolloutLogProbs"/>; one pass when the policy
/// still equals the reference), then <c>epochs</c> passes over the shuffled samples cut into
/// <see cref="PolicyUpdateOptions.MiniBatches"/> near-equal mini-batches each take one AdamW step on
/// pg_loss + kl_coef·KL, aggregated as <see cref="PolicyUpdateOptions.Aggregation"/> (the algorithm's; token-mean for the
/// paper's algorithms). verl splits by a fixed mini-batch size instead; a fixed count keeps the number of
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

        // Old and reference log-probs in response coordinates [B, R], without gradients, in length buckets. The old
        // ones are the sampling log-probs when they can stand for a recomputation (see ReuseRolloutLogProbs). Old and
        // reference coincide while the policy still equals the reference (the first step, or the first of each EM
        // iteration with gvm.reset_each_iteration): one set then serves both.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var oldLogp = options.ReuseRolloutLogProbs && policy.Dtype == ScalarType.Float32
            ? SamplingLogProbs(batch, device)                                                           // [B, R]
            : RolloutLogProbs.Compute(policy, batch, options.Temperature, padId);                       // [B, R]
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
                // The mini-batch's rows in groups of similar length, each padded to its own longest row. The token-mean
                // over the mini-batch is Σ_groups (group token-mean × group tokens / mini-batch tokens), so the loss and
                // its gradient are those of the whole mini-batch (to float rounding); one backward runs through all groups.
                var miniBatchTokens = (double)members.Sum(i => batch.ResponseTokens[i].Length);
                Tensor? total = null;
                Tensor klValue = zeros(1, device: device), entropyValue = zeros(1, device: device), clipValue = zeros(1, device: device);
                foreach (var group in ResponsePacking.Buckets(batch.PromptTokens, batch.ResponseTokens, members, options.GroupTokens))
                {
                    var packed = ResponsePacking.Pack(batch.PromptTokens, batch.ResponseTokens, group, padId, device); // [g, T], [g, R_g]
                    var rows = tensor(group.Select(i => (long)i).ToArray(), device: device);
                    var mask = packed.ResponseMask;                                                      // [g, R_g]
                    var width = mask.shape[1];
                    var groupTokens = group.Sum(i => batch.ResponseTokens[i].Length);
                    using var weight = (miniBatchTokens > 0 ? groupTokens / miniBatchTokens : 0).ToScalar(); // token share: the diagnostics
                    // The group's share of the mini-batch loss under the algorithm's aggregation (token share for token-mean).
                    using var lossWeight = LossAggregation.GroupShare(options.Aggregation, groupTokens, miniBatchTokens, group.Length, members.Length).ToScalar();
                    var current = policy.ResponseLogProbs(packed, options.Temperature, withEntropy: true); // [g, R_g]
                    var pg = PolicyLoss.Compute(current.LogProbs, oldLogp.index_select(0, rows).narrow(1, 0, width),
                        adv.index_select(0, rows).unsqueeze(1).mul(mask), mask, options.ClipLow, options.ClipHigh,
                        aggregation: options.Aggregation, scaleTokens: options.LossScaleTokens);
                    var groupLoss = pg.Loss;
                    if (options.UseKl && reference is not null)
                    {
                        var groupKl = LossAggregation.Aggregate(KlPenalty.LowVarKl(current.LogProbs, refLogp.index_select(0, rows).narrow(1, 0, width)), mask,
                            options.Aggregation, options.LossScaleTokens);
                        using var klCoef = options.KlCoef.ToScalar(); // held for the call: see RmsNorm.Apply on implicit scalars
                        groupLoss = groupLoss.Plus(groupKl.mul(klCoef));
                        klValue = klValue.Plus(groupKl.detach().mul(lossWeight));
                    }
                    total = total is null ? groupLoss.mul(lossWeight) : total.Plus(groupLoss.mul(lossWeight));
                    entropyValue = entropyValue.Plus(LossAggregation.TokenMean(current.Entropy!, mask).detach().mul(weight));
                    clipValue = clipValue.Plus(pg.ClipFraction.detach().mul(weight));
                }
                if (total is null) continue; // no rows (cannot happen: end > start)
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
                entropy += entropyValue.sum().item<float>();
                gradNorm += norm;
                clipFrac += clipValue.sum().item<float>();
            }
        }
        return new PolicyUpdateStats(updates, loss / updates, kl / updates, entropy / updates, gradNorm / updates, clipFrac / updates)
        {
            LogProbSeconds = logProbSeconds,
        };
    }

    /// <summary>The log-probs recorded at sampling (<see cref="RolloutBatch.LogProbs"/>) as [B, R], 0 beyond each response.</summary>
    public static Tensor SamplingLogProbs(RolloutBatch batch, Device device)
    {
        var width = Math.Max(1, batch.LogProbs.Max(l => l.Length));
        var values = new float[batch.Count * width];
        for (var i = 0; i < batch.Count; i++) Array.Copy(batch.LogProbs[i], 0, values, i * width, batch.LogProbs[i].Length);
        return tensor(values, [batch.Count, width], ScalarType.Float32).to(device);
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
