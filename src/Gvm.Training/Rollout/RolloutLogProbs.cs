using Gvm.Training.Model;
using static TorchSharp.torch;

namespace Gvm.Training.Rollout;

/// <summary>
/// Teacher-forced log-probs of every response of a <see cref="RolloutBatch"/> under a model, without gradients,
/// computed in length buckets (<see cref="ResponsePacking.Buckets"/>) instead of one batch padded to the step's
/// longest sequence. Letters: B responses, R longest response.
/// </summary>
public static class RolloutLogProbs
{
    /// <summary>Padded tokens per forward pass (rows × longest sequence of the bucket).</summary>
    public const int DefaultTokenBudget = 8192;

    /// <summary>Largest [tokens × vocabulary] logit block per pass (float32 elements): 256 MiB.</summary>
    private const long LogitBudget = 64L * 1024 * 1024;

    /// <summary>[B, R] float32: entry [i, j] is log p(response_i[j] | prompt_i, response_i[&lt;j]) at the given
    /// temperature, 0 beyond response i. The same values as <see cref="Qwen2ForCausalLM.SequenceLogProbs"/> at the
    /// response positions of a padded batch, up to floating-point summation order.</summary>
    public static Tensor Compute(Qwen2ForCausalLM model, RolloutBatch batch, double temperature, int padId, int tokenBudget = DefaultTokenBudget)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var device = model.Device;
        var longest = Math.Max(1, batch.ResponseTokens.Max(r => r.Length));
        var result = zeros([batch.Count, longest], ScalarType.Float32, device);                          // [B, R]
        var budget = (int)Math.Min(tokenBudget, Math.Max(256, LogitBudget / model.Config.VocabSize));
        var all = Enumerable.Range(0, batch.Count).ToArray();
        foreach (var bucket in ResponsePacking.Buckets(batch.PromptTokens, batch.ResponseTokens, all, budget))
        {
            using var inner = NewDisposeScope();
            var packed = ResponsePacking.Pack(batch.PromptTokens, batch.ResponseTokens, bucket, padId, device);
            var logp = model.ResponseLogProbs(packed, temperature).LogProbs;                            // [b, R_b]
            var rows = tensor(bucket.Select(i => (long)i).ToArray(), device: device);
            result.narrow(1, 0, logp.shape[1]).index_copy_(0, rows, logp);
        }
        return result.MoveToOuterDisposeScope();
    }
}
