using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gvm.Training.Model;

/// <summary>
/// The decoder stack transformers calls <c>model</c>: embed_tokens → layers → norm. ids [B, T] → hidden [B, T, D].
/// </summary>
public sealed class Qwen2Model : nn.Module
{
    private readonly Embedding embedTokens;
    private readonly ModuleList<Qwen2DecoderLayer> layers;
    private readonly RmsNorm norm;
    private readonly Qwen2Config config;

    public Qwen2Model(Qwen2Config config) : base(nameof(Qwen2Model))
    {
        this.config = config;
        embedTokens = nn.Embedding(config.VocabSize, config.HiddenSize);
        layers = nn.ModuleList(Enumerable.Range(0, config.NumHiddenLayers).Select(i => new Qwen2DecoderLayer(config, i)).ToArray());
        norm = new RmsNorm(config.HiddenSize, config.RmsNormEps);
        register_module("embed_tokens", embedTokens);
        register_module("layers", layers);
        register_module("norm", norm);
    }

    /// <summary>model.embed_tokens.weight [V, D].</summary>
    public Parameter EmbedTokensWeight => embedTokens.weight!;

    /// <param name="ids">[B, T] int64 token ids (the new positions only when a cache is used).</param>
    /// <param name="keyMask">[B, S] over all keys (cached + new), nonzero = real token; null = no padding.</param>
    /// <param name="positions">[B, T] rotary positions; null = derived from <paramref name="keyMask"/>.</param>
    /// <param name="cache">Incremental-decoding cache, advanced by T on return; null = no cache.</param>
    public Tensor Forward(Tensor ids, Tensor? keyMask, Tensor? positions, KvCache? cache)
    {
        using var scope = NewDisposeScope();
        long b = ids.shape[0], t = ids.shape[1];
        var past = cache?.Length ?? 0;
        var h = embedTokens.forward(ids); // [B, T, D]

        // Plain causal attention (the fast SDPA path) is right only when there is no padding and queries and keys
        // start together; otherwise build the explicit [B, 1, T, S] mask.
        Tensor? allowed = null;
        if (keyMask is not null || past > 0)
        {
            keyMask ??= ones([b, past + t], ScalarType.Bool, ids.device);
            allowed = AttentionMasks.Allowed(keyMask, past, t); // [B, 1, T, S]
        }
        positions ??= keyMask is null
            ? arange(past, past + t, dtype: ScalarType.Int64, device: ids.device).unsqueeze(0).expand(b, t)
            : AttentionMasks.Positions(keyMask, t);             // [B, T]
        var (cos, sin) = RotaryEmbedding.Tables(positions, config.HeadDim, config.RopeTheta, h.dtype); // [B, 1, T, d]

        foreach (var layer in layers)
            h = layer.Forward(h, cos, sin, allowed, cache);
        cache?.Advance(t);
        return norm.forward(h).MoveToOuterDisposeScope(); // [B, T, D]
    }
}
