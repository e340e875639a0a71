using Gvm.Training.Model;
using Gvm.Training.Rollout;
using TorchSharp;
using static TorchSharp.torch;

namespace Gvm.Training.Rl;

/// <summary>
/// Per-response gradient norms for the GVM estimate of G_i (paper Sec. 3, Alg. 1 stage 1; the authors restrict the
/// gradient to <c>embed_tokens</c>): ‖∇_E (−Σ_t log π(y_t | x, y_&lt;t))‖₂ with E the token-embedding matrix
/// (tied with the LM head in the tiny preset, so both uses contribute, as in the authors' tied Qwen2 models).
/// One backward per response: per-sample gradients do not batch without per-sample autograd.
/// </summary>
public static class EmbeddingGradNorms
{
    public static double[] Compute(Qwen2ForCausalLM model, RolloutBatch batch, IReadOnlyList<int> indices, int padId)
    {
        var norms = new double[indices.Count];
        var embedding = model.EmbedTokensWeight;
        for (var k = 0; k < indices.Count; k++)
        {
            using var scope = NewDisposeScope();
            var i = indices[k];
            var packed = SequencePacking.Pack([batch.PromptTokens[i]], [batch.ResponseTokens[i]], padId, model.Device); // [1, T]
            var logp = model.SequenceLogProbs(packed.Ids, packed.AttentionMask, packed.ResponseMask).LogProbs;         // [1, T]
            var nll = logp.sum().neg();
            var grad = torch.autograd.grad([nll], [embedding])[0];                                                     // [V, D]
            norms[k] = grad.to_type(ScalarType.Float64).norm().item<double>(); // sync point: one per presampled response
        }
        return norms;
    }
}
