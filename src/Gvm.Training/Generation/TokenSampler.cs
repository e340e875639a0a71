using TorchSharp;
using static TorchSharp.torch;

namespace Gvm.Training.Generation;

/// <summary>
/// One sampling step over next-token logits. Pure apart from drawing from <paramref name="generator"/>.
/// Letters: B batch, V vocabulary.
/// </summary>
public static class TokenSampler
{
    /// <summary>Draws one token per row. Returns tokens [B] int64 and their log-probs [B] float32 under
    /// log_softmax(logits / temperature) (greedy: temperature 1).</summary>
    public static (Tensor Tokens, Tensor LogProbs) Sample(Tensor logits, GenerationOptions options, torch.Generator? generator)
    {
        using var scope = NewDisposeScope();
        var scaled = logits.to_type(ScalarType.Float32);                   // [B, V]
        if (!options.Greedy && options.Temperature != 1.0) scaled = scaled.div(options.Temperature);
        var logp = scaled.log_softmax(-1);                                 // [B, V]
        Tensor tokens;
        if (options.Greedy)
        {
            tokens = scaled.argmax(-1);                                    // [B]
        }
        else
        {
            var filtered = Truncate(scaled, options.TopK, options.TopP);   // [B, V], -inf outside the kept set
            tokens = multinomial(filtered.softmax(-1), 1, false, generator).squeeze(-1); // [B]
        }
        var picked = logp.gather(-1, tokens.unsqueeze(-1)).squeeze(-1);   // [B]
        return (tokens.MoveToOuterDisposeScope(), picked.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Top-k then top-p (Holtzman et al. 2020, eq. 2: the smallest prefix of the sorted distribution whose mass ≥ p)
    /// filtering: logits outside the kept set become -inf. The most likely token is always kept.
    /// </summary>
    public static Tensor Truncate(Tensor logits, int topK, double topP)
    {
        using var scope = NewDisposeScope();
        var vocab = logits.shape[^1];
        var result = logits;
        if (topK > 0 && topK < vocab)
        {
            var (values, _) = result.topk(topK, dim: -1);                 // [B, K] descending
            var kth = values.narrow(-1, topK - 1, 1);                      // [B, 1]
            result = result.masked_fill(result.lt(kth), double.NegativeInfinity);
        }
        if (topP < 1.0)
        {
            var (sorted, order) = result.sort(-1, descending: true);       // [B, V]
            var probs = sorted.softmax(-1);
            var massBefore = probs.cumsum(-1).sub(probs);                  // mass of strictly more likely tokens
            var dropSorted = massBefore.ge(topP);                          // [B, V]; index 0 has mass 0 → kept
            var drop = zeros_like(dropSorted).scatter(-1, order, dropSorted);
            result = result.masked_fill(drop, double.NegativeInfinity);
        }
        return (ReferenceEquals(result, logits) ? result.alias() : result).MoveToOuterDisposeScope();
    }
}
