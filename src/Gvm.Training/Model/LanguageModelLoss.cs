using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Gvm.Training.Model;

/// <summary>Next-token cross-entropy for supervised fine-tuning and tests. Letters: B batch, T positions, V vocabulary.</summary>
public static class LanguageModelLoss
{
    /// <summary>
    /// Mean of -log p(ids[t] | ids[&lt;t]) over positions t ≥ 1 where <paramref name="lossMask"/> is nonzero.
    /// logits [B, T, V] (position t predicts t+1), ids [B, T], lossMask [B, T] marks the target tokens. Returns a scalar.
    /// </summary>
    public static Tensor NextTokenCrossEntropy(Tensor logits, Tensor ids, Tensor lossMask)
    {
        using var scope = NewDisposeScope();
        long b = ids.shape[0], t = ids.shape[1], v = logits.shape[2];
        var predictions = logits.narrow(1, 0, t - 1).reshape(b * (t - 1), v).to_type(ScalarType.Float32); // [B(T-1), V]
        var targets = ids.narrow(1, 1, t - 1).reshape(b * (t - 1));                                       // [B(T-1)]
        var weights = lossMask.narrow(1, 1, t - 1).reshape(b * (t - 1)).ne(Scalars.ZeroInt).to_type(ScalarType.Float32);
        var perToken = F.cross_entropy(predictions, targets, reduction: nn.Reduction.None);               // [B(T-1)]
        var loss = perToken.mul(weights).sum().div(weights.sum().clamp_min(Scalars.One));
        return loss.MoveToOuterDisposeScope();
    }
}
