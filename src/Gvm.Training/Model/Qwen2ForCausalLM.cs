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
        NativeAllocator.Tune();
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
        return Head(hidden).MoveToOuterDisposeScope();                    // [B, T, V]
    }

    /// <summary>Stacked projections for <see cref="DecodeStepLogits"/>, made once per generation under no_grad.</summary>
    internal DecodeLayerWeights[] DecodeWeights() => model.DecodeWeights();

    /// <summary>Logits [A, 1, V] of one decoding step; see <see cref="Qwen2Model.DecodeStep"/>.</summary>
    internal Tensor DecodeStepLogits(Tensor ids, DecodeLayerWeights[] weights, Tensor cos, Tensor signedSin, Tensor allowed, KvCache cache) =>
        Head(model.DecodeStep(ids, weights, cos, signedSin, allowed, cache));

    private Tensor Head(Tensor hidden) => lmHead is null ? F.linear(hidden, EmbedTokensWeight) : lmHead.forward(hidden);

    /// <summary>
    /// Teacher-forced log-probabilities of the response tokens of <paramref name="packed"/>, in response coordinates
    /// [b, R] (entry j is log p(response_j | prompt, response_&lt;j), 0 beyond the row's response). The LM head and the
    /// log-softmax run on the response positions only. Differentiable unless called under no_grad.
    /// </summary>
    /// <param name="temperature">Logits are divided by it, as in sampling.</param>
    /// <param name="withEntropy">Also return the per-token entropy [b, R].</param>
    public TokenLogProbs ResponseLogProbs(Rollout.PackedResponses packed, double temperature = 1.0, bool withEntropy = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        using var scope = NewDisposeScope();
        var hidden = model.Forward(packed.Ids, packed.AttentionMask, positions: null, cache: null); // [b, T, D]
        long b = packed.PredictorColumns.shape[0], r = packed.PredictorColumns.shape[1];
        var index = packed.PredictorColumns.unsqueeze(-1).expand(b, r, hidden.shape[2]);       // [b, R, D]
        var logits = Head(hidden.gather(1, index)).to_type(ScalarType.Float32);                 // [b, R, V]
        if (temperature != 1.0)
        {
            using var t = temperature.ToScalar(); // held for the call: see RmsNorm.Apply on implicit scalars
            logits = logits.div(t);
        }
        var logp = logits.log_softmax(-1);                                                      // [b, R, V]
        var picked = logp.gather(-1, packed.Targets.unsqueeze(-1)).squeeze(-1);                // [b, R]
        var tokenLogp = picked.mul(packed.ResponseMask);
        Tensor? entropy = null;
        if (withEntropy) entropy = logp.exp().mul(logp).sum(-1).neg().mul(packed.ResponseMask).MoveToOuterDisposeScope(); // [b, R]
        return new TokenLogProbs(tokenLogp.MoveToOuterDisposeScope(), entropy);
    }

    /// <summary>
    /// Per-row squared norms ‖∇_E(−Σ_j log p(response_j | prompt, response_&lt;j))‖² (temperature 1) with E the token
    /// embedding, for every row of <paramref name="packed"/> from one backward pass. Rows are independent in the forward
    /// pass (attention stays inside a row, norms are per token), so the gradient of the summed loss with respect to
    /// row i's activations is row i's own gradient. E enters a row's loss twice:
    /// <list type="bullet">
    /// <item>input side: the lookup h0[t] = E[ids[t]], so ∂L_i/∂E[v] = Σ_{t: ids[i,t] = v} ∂L/∂h0[i, t] (a scatter-add of
    /// the embedding-output gradient);</item>
    /// <item>output side (tied head only): logits[j] = E·h[j], so ∂L_i/∂E = Σ_j (∂L/∂logits[i, j]) ⊗ h[i, j], a
    /// [V, R] × [R, D] product per row.</item>
    /// </list>
    /// Both terms are formed per row as [b, V, D] (the weight gradients of the other parameters are never computed) and
    /// the norm is taken in float64, as the one-backward-per-response computation it replaces.
    /// </summary>
    /// <returns>[b] float64.</returns>
    public Tensor EmbeddingGradSquaredNorms(Rollout.PackedResponses packed)
    {
        using var scope = NewDisposeScope();
        using var enableGrad = enable_grad();
        var e = EmbedTokensWeight;
        long b = packed.Ids.shape[0], t = packed.Ids.shape[1], v = Config.VocabSize, d = Config.HiddenSize;
        var h0 = model.Embed(packed.Ids).detach().requires_grad_(true);                          // [b, T, D] leaf
        var (allowed, cos, sin) = model.Prepare(b, t, packed.AttentionMask, positions: null, cache: null, packed.Ids.device);
        var hidden = model.ForwardEmbedded(h0, allowed, cos, sin, cache: null);                   // [b, T, D]
        long r = packed.PredictorColumns.shape[1];
        var picked = hidden.gather(1, packed.PredictorColumns.unsqueeze(-1).expand(b, r, d));    // [b, R, D]
        var logits = lmHead is null ? F.linear(picked, e.detach()) : lmHead.forward(picked);      // [b, R, V]
        var logp = logits.to_type(ScalarType.Float32).log_softmax(-1).gather(-1, packed.Targets.unsqueeze(-1)).squeeze(-1); // [b, R]
        var nll = logp.mul(packed.ResponseMask).sum().neg();
        var grads = torch.autograd.grad([nll], [logits, h0]);
        using var noGrad = no_grad();
        var perRow = lmHead is null
            ? grads[0].to_type(e.dtype).transpose(1, 2).bmm(picked.detach())                     // [b, V, D] output side
            : zeros([b, v, d], e.dtype, e.device);
        var offsets = tensor(Enumerable.Range(0, (int)b).Select(i => i * v).ToArray(), device: e.device).unsqueeze(1); // [b, 1]
        using var one = 1.ToScalar(); // held for the call: see RmsNorm.Apply on implicit scalars
        perRow.view(b * v, d).index_add_(0, packed.Ids.Plus(offsets).view(b * t), grads[1].to_type(e.dtype).view(b * t, d), one); // input side
        var perRow64 = perRow.to_type(ScalarType.Float64);
        return perRow64.mul(perRow64).sum([1, 2]).MoveToOuterDisposeScope(); // x·x: see RmsNorm.Apply on TorchSharp scalars
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
        var mask = responseMask.ne(Scalars.ZeroInt).to_type(ScalarType.Float32);                                // [B, T]
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
