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
        var h = embedTokens.forward(ids); // [B, T, D]
        var (allowed, cos, sin) = Prepare(ids.shape[0], ids.shape[1], keyMask, positions, cache, ids.device);
        return ForwardEmbedded(h, allowed, cos, sin, cache).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The attention mask and rotary tables of T new positions: plain causal attention (the fast SDPA path, mask null)
    /// is right only when there is no padding and queries and keys start together; otherwise the explicit
    /// [B, 1, T, S] mask. Positions default to cumsum(keyMask) − 1, as transformers does for left-padded batches.
    /// </summary>
    internal (Tensor? Allowed, Tensor Cos, Tensor Sin) Prepare(long b, long t, Tensor? keyMask, Tensor? positions, KvCache? cache, Device device)
    {
        var past = cache?.Length ?? 0;
        Tensor? allowed = null;
        if (keyMask is not null || past > 0)
        {
            keyMask ??= ones([b, past + t], ScalarType.Bool, device);
            allowed = AttentionMasks.Allowed(keyMask, past, t); // [B, 1, T, S]
        }
        positions ??= keyMask is null
            ? arange(past, past + t, dtype: ScalarType.Int64, device: device).unsqueeze(0).expand(b, t)
            : AttentionMasks.Positions(keyMask, t);             // [B, T]
        var (cos, sin) = RotaryEmbedding.Tables(positions, config.HeadDim, config.RopeTheta, embedTokens.weight!.dtype); // [B, 1, T, d]
        return (allowed, cos, sin);
    }

    /// <summary>Token embeddings ids [B, T] → [B, T, D] (model.embed_tokens).</summary>
    internal Tensor Embed(Tensor ids) => embedTokens.forward(ids);

    /// <summary>
    /// The decoder from token embeddings h [B, T, D] (the output of embed_tokens, or a leaf standing for it when the
    /// gradient with respect to the embedding output is wanted), with the mask and rotary tables of
    /// <see cref="Prepare"/>: incremental decoding makes them once per generation instead of once per token.
    /// </summary>
    internal Tensor ForwardEmbedded(Tensor h, Tensor? allowed, Tensor cos, Tensor sin, KvCache? cache)
    {
        using var scope = NewDisposeScope();
        foreach (var layer in layers)
            h = layer.Forward(h, cos, sin, allowed, cache);
        cache?.Advance(h.shape[1]);
        return norm.forward(h).MoveToOuterDisposeScope(); // [B, T, D]
    }

    internal DecodeLayerWeights[] DecodeWeights() => layers.Select(l => l.DecodeWeights()).ToArray();

    /// <summary>One decoding step: ids [A, 1] → normed hidden [A, 1, D], with stacked projections (see
    /// <see cref="Qwen2DecoderLayer.DecodeStep"/>); the caller's per-step dispose scope frees the intermediates.</summary>
    internal Tensor DecodeStep(Tensor ids, DecodeLayerWeights[] weights, Tensor cos, Tensor signedSin, Tensor allowed, KvCache cache)
    {
        var h = embedTokens.forward(ids);
        for (var i = 0; i < weights.Length; i++)
            h = layers[i].DecodeStep(h, weights[i], cos, signedSin, allowed, cache);
        cache.Advance(1);
        return norm.forward(h);
    }
}
