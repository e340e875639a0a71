using Gvm.Training.Model;
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
    public static (Tensor Tokens, Tensor LogProbs) Sample(Tensor logits, GenerationOptions options, torch.Generator? generator) =>
        Sample(logits, options, generator, logits.shape[0], drawRows: null);

    /// <summary>
    /// As <see cref="Sample(Tensor, GenerationOptions, torch.Generator?)"/> for the rows <paramref name="drawRows"/> of
    /// a batch of <paramref name="batchRows"/> rows: the random numbers are drawn for the whole batch and those of the
    /// given rows used, so the tokens of a row do not depend on which other rows are still in the batch.
    /// </summary>
    /// <remarks>
    /// torch.multinomial(probs, 1) draws q ~ Exp(1) with the shape of probs and returns argmax(probs / q) (ATen's
    /// Distributions.cpp, the path for one sample; "Gumbel-max with exponentials"), after two host syncs that check the
    /// probabilities. Doing the same here gives the same tokens from the same generator state
    /// (<c>TokenSamplerTests</c> checks it against torch.multinomial) without those syncs.
    /// </remarks>
    /// <param name="logits">[A, V] next-token logits of the rows being sampled.</param>
    /// <param name="batchRows">B: rows of the full batch the random numbers are drawn for.</param>
    /// <param name="drawRows">[A] int64 rows of the full batch that <paramref name="logits"/> holds; null = all B in order.</param>
    public static (Tensor Tokens, Tensor LogProbs) Sample(Tensor logits, GenerationOptions options, torch.Generator? generator,
        long batchRows, Tensor? drawRows)
    {
        using var scope = NewDisposeScope();
        var scaled = logits.to_type(ScalarType.Float32);                   // [A, V]
        if (!options.Greedy && options.Temperature != 1.0)
        {
            using var temperature = options.Temperature.ToScalar();        // held for the call: see RmsNorm.Apply
            scaled = scaled.div(temperature);
        }
        var logp = scaled.log_softmax(-1);                                 // [A, V]
        Tensor tokens;
        if (options.Greedy)
        {
            tokens = scaled.argmax(-1);                                    // [A]
        }
        else
        {
            var probs = Truncate(scaled, options.TopK, options.TopP).softmax(-1); // [A, V], 0 outside the kept set
            var q = empty([batchRows, probs.shape[1]], ScalarType.Float32, probs.device).exponential_(1, generator); // [B, V]
            if (drawRows is not null) q = q.index_select(0, drawRows);     // [A, V]
            tokens = probs.div(q).argmax(-1);                              // [A]
        }
        var picked = logp.gather(-1, tokens.unsqueeze(-1)).squeeze(-1);   // [A]
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
            result = result.masked_fill(result.lt(kth), Gvm.Training.Model.Scalars.NegativeInfinity);
        }
        if (topP < 1.0)
        {
            var (sorted, order) = result.sort(-1, descending: true);       // [B, V]
            var probs = sorted.softmax(-1);
            var massBefore = probs.cumsum(-1).sub(probs);                  // mass of strictly more likely tokens
            using var p = topP.ToScalar();                                 // held for the call (see Model.Scalars)
            var dropSorted = massBefore.ge(p);                          // [B, V]; index 0 has mass 0 → kept
            var drop = zeros_like(dropSorted).scatter(-1, order, dropSorted);
            result = result.masked_fill(drop, Gvm.Training.Model.Scalars.NegativeInfinity);
        }
        return (ReferenceEquals(result, logits) ? result.alias() : result).MoveToOuterDisposeScope();
    }
}
