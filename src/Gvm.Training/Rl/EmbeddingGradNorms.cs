using Gvm.Training.Model;
using Gvm.Training.Rollout;
using static TorchSharp.torch;

namespace Gvm.Training.Rl;

/// <summary>
/// Per-response gradient norms for the GVM estimate of G_i (paper Sec. 3, Alg. 1 stage 1; the authors restrict the
/// gradient to <c>embed_tokens</c>): ‖∇_E (−Σ_t log π(y_t | x, y_&lt;t))‖₂ with E the token-embedding matrix
/// (tied with the LM head in the tiny preset, so both uses contribute, as in the authors' tied Qwen2 models).
/// All responses in one backward pass per length bucket (<see cref="Qwen2ForCausalLM.EmbeddingGradSquaredNorms"/>):
/// the input-side gradient of a response is a scatter of its embedding-output gradient and the tied head's term a
/// per-row product, so no per-sample autograd is needed.
/// </summary>
public static class EmbeddingGradNorms
{
    /// <summary>Padded tokens per backward pass.</summary>
    public const int TokenBudget = 4096;

    /// <summary>Largest per-row [V, D] gradient block of a pass, in elements (256 MiB of float32).</summary>
    private const long GradientBudget = 64L * 1024 * 1024;

    /// <summary>‖∇_E(−log π(response_i))‖₂ for each i in <paramref name="indices"/> (in that order).</summary>
    public static double[] Compute(Qwen2ForCausalLM model, RolloutBatch batch, IReadOnlyList<int> indices, int padId)
    {
        var norms = new double[indices.Count];
        if (indices.Count == 0) return norms;
        var slot = new Dictionary<int, List<int>>();
        for (var k = 0; k < indices.Count; k++)
        {
            if (!slot.TryGetValue(indices[k], out var list)) slot[indices[k]] = list = [];
            list.Add(k);
        }
        var rowBudget = Math.Max(1, GradientBudget / ((long)model.Config.VocabSize * model.Config.HiddenSize));
        var distinct = slot.Keys.ToArray();
        foreach (var bucket in ResponsePacking.Buckets(batch.PromptTokens, batch.ResponseTokens, distinct, TokenBudget)
                     .SelectMany(b => b.Chunk((int)Math.Min(int.MaxValue, rowBudget))))
        {
            using var scope = NewDisposeScope();
            var packed = ResponsePacking.Pack(batch.PromptTokens, batch.ResponseTokens, bucket, padId, model.Device);
            var squared = model.EmbeddingGradSquaredNorms(packed).cpu().data<double>().ToArray(); // sync point: one per bucket
            for (var j = 0; j < bucket.Length; j++)
                foreach (var k in slot[bucket[j]]) norms[k] = Math.Sqrt(squared[j]);
        }
        return norms;
    }
}
