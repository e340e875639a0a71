using static TorchSharp.torch;

namespace Gvm.Training.Model;

/// <summary>
/// Pre-allocated key/value cache for incremental decoding: per layer K and V of shape [B, Hkv, Tmax, d].
/// Every row shares one write position (<see cref="Length"/>) because prompts are left-padded.
/// The cache owns its tensors (they belong to no dispose scope): dispose it when generation ends. Positions at or
/// beyond <see cref="Length"/> are never read, so the buffers start uninitialised (no zero fill).
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly Tensor[] keys;
    private readonly Tensor[] values;

    public KvCache(Qwen2Config config, long batch, long capacity, Device device, ScalarType dtype)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        keys = new Tensor[config.NumHiddenLayers];
        values = new Tensor[config.NumHiddenLayers];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = empty([batch, config.NumKeyValueHeads, capacity, config.HeadDim], dtype, device).DetachFromDisposeScope();
            values[i] = empty([batch, config.NumKeyValueHeads, capacity, config.HeadDim], dtype, device).DetachFromDisposeScope();
        }
    }

    public long Capacity { get; }

    /// <summary>Positions already written (same for all layers once a forward pass completes).</summary>
    public long Length { get; private set; }

    /// <summary>Writes k, v [B, Hkv, T, d] of <paramref name="layer"/> at [Length, Length+T) and returns the
    /// views [B, Hkv, Length+T, d] covering everything cached so far (including the new entries).</summary>
    internal (Tensor Keys, Tensor Values) Append(int layer, Tensor k, Tensor v)
    {
        var t = k.shape[2];
        if (Length + t > Capacity)
            throw new InvalidOperationException($"KV cache overflow: {Length} + {t} > capacity {Capacity}");
        keys[layer].narrow(2, Length, t).copy_(k);
        values[layer].narrow(2, Length, t).copy_(v);
        return (keys[layer].narrow(2, 0, Length + t), values[layer].narrow(2, 0, Length + t));
    }

    /// <summary>Called by the model after all layers have appended <paramref name="t"/> positions.</summary>
    internal void Advance(long t) => Length += t;

    /// <summary>Keeps only the batch rows <paramref name="rows"/> [A] int64 (in that order), e.g. the sequences still
    /// being generated; the written positions are copied, the old buffers freed.</summary>
    internal void KeepRows(Tensor rows)
    {
        using var scope = NewDisposeScope();
        for (var i = 0; i < keys.Length; i++)
        {
            var k = keys[i].index_select(0, rows).DetachFromDisposeScope();
            var v = values[i].index_select(0, rows).DetachFromDisposeScope();
            keys[i].Dispose();
            values[i].Dispose();
            keys[i] = k;
            values[i] = v;
        }
    }

    public void Dispose()
    {
        foreach (var t in keys) t.Dispose();
        foreach (var t in values) t.Dispose();
    }
}
