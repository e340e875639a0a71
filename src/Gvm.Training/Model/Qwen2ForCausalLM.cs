using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Gvm.Training.Model;

/// <summary>
/// The policy: Qwen2 decoder plus LM head, parameter names exactly as transformers' <c>Qwen2ForCausalLM</c>
/// (<c>model.embed_tokens.weight</c>, <c>model.layers.{i}.self_attn.q_proj.weight</c>, ..., <c>lm_head.weight</c>;
/// the head is absent when <c>tie_word_embeddings</c> is set and reuses the embedding).
/// Letters: B batch, T positions, S attended positions, V vocabulary, D hidden.
/// </summary>
public sealed class Qwen2ForCausalLM : nn.Module
{
    private readonly Qwen2Model model;
    private readonly Linear? lmHead;

    private Qwen2ForCausalLM(Qwen2Config config) : base(nameof(Qwen2ForCausalLM))
    {
        Config = config.Validate();
        model = new Qwen2Model(config);
        register_module("model", model);
        if (!config.TieWordEmbeddings)
        {
            lmHead = nn.Linear(config.HiddenSize, config.VocabSize, hasBias: false);
            register_module("lm_head", lmHead);
        }
    }

    public Qwen2Config Config { get; }

    /// <summary>model.embed_tokens.weight [V, D]; the trainer takes GVM gradient norms with respect to it.</summary>
    public Parameter EmbedTokensWeight => model.EmbedTokensWeight;

    /// <summary>Device of the parameters.</summary>
    public Device Device => EmbedTokensWeight.device;

    /// <summary>Dtype of the parameters (float32 on CPU; bfloat16 when placed with <see cref="Devices.ComputeDevice"/> on CUDA).</summary>
    public ScalarType Dtype => EmbedTokensWeight.dtype;

    /// <summary>A freshly initialised model: weights ~ N(0, initializer_range²), biases 0, norm gains 1 (as transformers).</summary>
    public static Qwen2ForCausalLM Create(Qwen2Config config, ulong seed = 0)
    {
        var lm = new Qwen2ForCausalLM(config);
        using var generator = new torch.Generator(seed, CPU);
        using (no_grad())
        {
            foreach (var (name, p) in lm.named_parameters())
            {
                if (name.EndsWith("layernorm.weight", StringComparison.Ordinal) || name == "model.norm.weight") p.fill_(1.0);
                else if (name.EndsWith(".bias", StringComparison.Ordinal)) p.zero_();
                else p.normal_(0.0, config.InitializerRange, generator);
            }
        }
        return lm;
    }

    /// <summary>Logits for every position.</summary>
    /// <param name="ids">[B, T] int64.</param>
    /// <param name="attentionMask">[B, S] nonzero = real token (S = cached + T), or null for an unpadded batch.</param>
    /// <param name="positions">[B, T] rotary positions, or null to derive them from the mask.</param>
    /// <param name="cache">KV cache for incremental decoding, or null.</param>
    /// <returns>[B, T, V] in the parameter dtype.</returns>
    public Tensor Forward(Tensor ids, Tensor? attentionMask = null, Tensor? positions = null, KvCache? cache = null)
    {
        using var scope = NewDisposeScope();
        var hidden = model.Forward(ids, attentionMask, positions, cache); // [B, T, D]
        var logits = lmHead is null ? F.linear(hidden, EmbedTokensWeight) : lmHead.forward(hidden); // [B, T, V]
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Teacher-forced log-probabilities of the given tokens (prompt + response in one left-padded row), batched.
    /// Used for importance ratios, KL to a reference policy and gradient-norm estimation; differentiable unless
    /// called under no_grad.
    /// </summary>
    /// <param name="ids">[B, T] int64 prompt+response tokens.</param>
    /// <param name="attentionMask">[B, T] nonzero = real token (left padding and trailing padding are 0).</param>
    /// <param name="responseMask">[B, T] nonzero on the response tokens whose log-probs are wanted.</param>
    /// <param name="temperature">Logits are divided by it, matching <see cref="Generation.BatchGenerator"/>'s returned log-probs.</param>
    /// <param name="withEntropy">Also return per-token entropy (one extra [B, T, V] product).</param>
    public TokenLogProbs SequenceLogProbs(Tensor ids, Tensor attentionMask, Tensor responseMask, double temperature = 1.0, bool withEntropy = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        using var scope = NewDisposeScope();
        long b = ids.shape[0], t = ids.shape[1];
        var logits = Forward(ids, attentionMask).narrow(1, 0, t - 1).to_type(ScalarType.Float32); // [B, T-1, V] predicts ids[:, 1:]
        if (temperature != 1.0) logits = logits.div(temperature);
        var logp = logits.log_softmax(-1);                                                        // [B, T-1, V]
        var targets = ids.narrow(1, 1, t - 1).unsqueeze(-1);                                      // [B, T-1, 1]
        var picked = logp.gather(-1, targets).squeeze(-1);                                        // [B, T-1]
        var first = zeros([b, 1], ScalarType.Float32, ids.device);
        var mask = responseMask.ne(0).to_type(ScalarType.Float32);                                // [B, T]
        var tokenLogp = cat([first, picked], 1).mul(mask);                                        // [B, T]
        Tensor? entropy = null;
        if (withEntropy)
        {
            var perPosition = logp.exp().mul(logp).sum(-1).neg();                                 // [B, T-1]
            entropy = cat([first, perPosition], 1).mul(mask).MoveToOuterDisposeScope();
        }
        return new TokenLogProbs(tokenLogp.MoveToOuterDisposeScope(), entropy);
    }
}
