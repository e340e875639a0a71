using static TorchSharp.torch;

namespace Gvm.Training.Model;

/// <summary>
/// Boolean attention masks for left-padded batches. Letters: B batch, T new (query) positions, S key positions.
/// </summary>
public static class AttentionMasks
{
    /// <summary>
    /// allowed[b, 0, i, j] = (j ≤ start+i ∧ keyMask[b, j]) ∨ j = start+i, where query i sits at absolute index start+i.
    /// The diagonal is always allowed so that a padding query never has an all-masked row (softmax over nothing is NaN);
    /// its output is ignored anyway.
    /// </summary>
    /// <param name="keyMask">[B, S], nonzero where the key is a real token.</param>
    /// <param name="queryStart">Absolute index of the first query (S - T).</param>
    /// <param name="queryCount">T.</param>
    public static Tensor Allowed(Tensor keyMask, long queryStart, long queryCount)
    {
        using var scope = NewDisposeScope();
        var s = keyMask.shape[1];
        var device = keyMask.device;
        var queryIndex = arange(queryStart, queryStart + queryCount, dtype: ScalarType.Int64, device: device).unsqueeze(1); // [T, 1]
        var keyIndex = arange(0, s, dtype: ScalarType.Int64, device: device).unsqueeze(0);                                 // [1, S]
        var causal = keyIndex.le(queryIndex);                                            // [T, S]
        var diagonal = keyIndex.eq(queryIndex);                                          // [T, S]
        var realKey = keyMask.ne(Scalars.ZeroInt).unsqueeze(1).unsqueeze(1);                           // [B, 1, 1, S]
        return causal.logical_and(realKey).logical_or(diagonal).MoveToOuterDisposeScope(); // [B, 1, T, S]
    }

    /// <summary>Position ids of the last <paramref name="queryCount"/> keys: (cumsum(mask) - 1) clamped at 0. [B, T].</summary>
    public static Tensor Positions(Tensor keyMask, long queryCount)
    {
        using var scope = NewDisposeScope();
        var s = keyMask.shape[1];
        var positions = keyMask.ne(Scalars.ZeroInt).to_type(ScalarType.Int64).cumsum(1).sub(Scalars.OneInt).clamp_min(Scalars.ZeroInt); // [B, S]
        return positions.narrow(1, s - queryCount, queryCount).MoveToOuterDisposeScope();
    }
}
