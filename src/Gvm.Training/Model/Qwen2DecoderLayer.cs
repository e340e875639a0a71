using TorchSharp;
using static TorchSharp.torch;

namespace Gvm.Training.Model;

/// <summary>Pre-norm block: x + attn(norm(x)), then h + mlp(norm(h)). x [B, T, D] → [B, T, D].</summary>
public sealed class Qwen2DecoderLayer : nn.Module
{
    private readonly RmsNorm inputLayernorm;
    private readonly Qwen2Attention selfAttn;
    private readonly RmsNorm postAttentionLayernorm;
    private readonly Qwen2Mlp mlp;
    private readonly int index;

    public Qwen2DecoderLayer(Qwen2Config config, int index) : base(nameof(Qwen2DecoderLayer))
    {
        this.index = index;
        inputLayernorm = new RmsNorm(config.HiddenSize, config.RmsNormEps);
        selfAttn = new Qwen2Attention(config);
        postAttentionLayernorm = new RmsNorm(config.HiddenSize, config.RmsNormEps);
        mlp = new Qwen2Mlp(config);
        register_module("input_layernorm", inputLayernorm);
        register_module("self_attn", selfAttn);
        register_module("post_attention_layernorm", postAttentionLayernorm);
        register_module("mlp", mlp);
    }

    /// <summary>The stacked projections of a decoding step (made once per generation: the weights do not change during it).</summary>
    internal DecodeLayerWeights DecodeWeights() => new(selfAttn.FusedQkv(), mlp.FusedGateUp());

    /// <summary>One decoding step (T = 1) with stacked projections: the values of <see cref="Forward"/>, fewer operations.</summary>
    internal Tensor DecodeStep(Tensor x, DecodeLayerWeights weights, Tensor cos, Tensor signedSin, Tensor allowed, KvCache cache)
    {
        var h = x.Plus(selfAttn.DecodeStep(inputLayernorm.forward(x), weights.Qkv, cos, signedSin, allowed, cache, index)); // [A, 1, D]
        return h.Plus(mlp.DecodeStep(postAttentionLayernorm.forward(h), weights.GateUp));
    }

    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor? allowed, KvCache? cache)
    {
        using var scope = NewDisposeScope();
        var h = x.Plus(selfAttn.Forward(inputLayernorm.forward(x), cos, sin, allowed, cache, index)); // [B, T, D]
        return h.Plus(mlp.forward(postAttentionLayernorm.forward(h))).MoveToOuterDisposeScope();
    }
}

/// <summary>A layer's projections stacked for decoding: q|k|v (weight, bias) and gate|up.</summary>
internal sealed record DecodeLayerWeights((Tensor Weight, Tensor Bias) Qkv, Tensor GateUp);
