using Gvm.Training.Losses;
using Gvm.Training.Model;
using Gvm.Training.Rollout;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gvm.Training.Study;

/// <summary>
/// Gradients over all of the policy's parameters as one flat float64 vector [P] (P = the parameter count; 742,656 for
/// the tiny preset), for several weightings of one batch (<c>autograd.grad</c>, so nothing touches the parameters'
/// <c>.grad</c>).
/// Letters: B responses, T positions, P parameters. The returned tensors belong to the caller's dispose scope.
/// </summary>
public static class FlatGradients
{
    /// <summary>
    /// ĝ_k = −∇θ L_k for each advantage vector A_k, where L_k is the trainer's policy loss on the whole batch as one
    /// mini-batch at ratio 1: <see cref="PolicyLoss.Compute"/> (clipped surrogate, dual clip, token-mean) with
    /// logπ_old = logπ detached, exactly as <c>PolicyUpdate</c> builds it before its first update. The sign makes ĝ the
    /// ascent direction the update follows. The KL term is left out: at the checkpoint the reference equals the policy,
    /// and ∇(e^d − d − 1) = (e^d − 1)∇d = 0 at d = logπ_ref − logπ = 0. Token-mean over the whole batch is kept across
    /// micro-batches by weighting each micro-batch's token-mean by its share of the batch's response tokens.
    /// </summary>
    public static Tensor[] OfTrainerLoss(Qwen2ForCausalLM policy, RolloutBatch batch, IReadOnlyList<double[]> advantages,
        double clipLow, double clipHigh, double temperature, int padId, int microBatch)
    {
        var totalTokens = (double)batch.TokenCount;
        return Compute(policy, batch, advantages.Count, (k, i) => advantages[k][i] != 0, padId, microBatch, (logp, mask, rows, k) =>
        {
            var adv = tensor(rows.Select(i => (float)advantages[k][i]).ToArray(), device: logp.device).unsqueeze(1).mul(mask); // [b, T]
            var pg = PolicyLoss.Compute(logp, logp.detach(), adv, mask, clipLow, clipHigh);
            // Token-mean over the whole batch: the micro-batch's token-mean times its share of the batch's response tokens.
            var share = totalTokens > 0 ? rows.Sum(i => (long)batch.ResponseTokens[i].Length) / totalTokens : 0;
            return pg.Loss.mul(-share); // −L: its gradient is the ascent direction
        }, temperature);
    }

    /// <summary>
    /// g_k = Σ_j w_kj ∇θ log π(y_j | x_j) for each weight vector w_k (log π summed over the response tokens): the
    /// REINFORCE form, e.g. with <see cref="LeaveOneOut.Weights"/>.
    /// </summary>
    public static Tensor[] OfWeightedLogProbs(Qwen2ForCausalLM policy, RolloutBatch batch, IReadOnlyList<double[]> weights,
        double temperature, int padId, int microBatch) =>
        Compute(policy, batch, weights.Count, (k, i) => weights[k][i] != 0, padId, microBatch, (logp, mask, rows, k) =>
        {
            var w = tensor(rows.Select(i => (float)weights[k][i]).ToArray(), device: logp.device); // [b]
            return logp.sum(1).mul(w).sum();
        }, temperature);

    /// <summary>The number of scalars in the policy's parameters (the length of every flat gradient).</summary>
    public static long ParameterCount(Qwen2ForCausalLM policy) => Parameters(policy).Sum(p => p.numel());

    private static Parameter[] Parameters(Qwen2ForCausalLM policy) => policy.parameters().Where(p => p.requires_grad).ToArray();

    /// <summary>
    /// Σ over micro-batches of ∇θ objective(k) for every weighting k, as flat float64 [P]. Only the rows where weighting k
    /// is non-zero (<paramref name="active"/>) are forwarded and differentiated for it: at ratio 1 a response with
    /// advantage (or weight) 0 adds exactly nothing to the gradient, and the objective's own normalisation (the token-mean
    /// share) is computed from the whole batch, so skipping it changes no number and saves most of the work (RAFT++'s
    /// rejected samples, GRPO groups whose rewards are all equal).
    /// </summary>
    private static Tensor[] Compute(Qwen2ForCausalLM policy, RolloutBatch batch, int weightings, Func<int, int, bool> active, int padId,
        int microBatch, Func<Tensor, Tensor, int[], int, Tensor> objective, double temperature)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(microBatch, 1);
        var parameters = Parameters(policy);
        var total = parameters.Sum(p => p.numel());
        var device = VarianceStudy.DeviceOf(policy);
        var sums = new Tensor[weightings];
        for (var k = 0; k < weightings; k++)
        {
            sums[k] = zeros(total, ScalarType.Float64, device); // [P]
            var rows = Enumerable.Range(0, batch.Count).Where(i => active(k, i)).ToArray();
            for (var start = 0; start < rows.Length; start += microBatch)
            {
                using var scope = NewDisposeScope();
                var chunk = rows[start..Math.Min(rows.Length, start + microBatch)];
                var packed = SequencePacking.Pack(chunk.Select(i => batch.PromptTokens[i]).ToArray(),
                    chunk.Select(i => batch.ResponseTokens[i]).ToArray(), padId, device);                          // [b, T]
                var logp = policy.SequenceLogProbs(packed.Ids, packed.AttentionMask, packed.ResponseMask, temperature).LogProbs; // [b, T]
                var value = objective(logp, packed.ResponseMask, chunk, k);
                var grads = torch.autograd.grad([value], parameters, allow_unused: true);
                sums[k].add_(cat(grads.Select((g, i) => g is null || g.IsInvalid
                    ? zeros(parameters[i].numel(), ScalarType.Float64, device)
                    : g.reshape(-1).to_type(ScalarType.Float64)).ToArray()));                                  // [P]
            }
        }
        return sums;
    }
}
