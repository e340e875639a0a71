using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Gvm.Training.Model;

/// <summary>SwiGLU feed-forward (Shazeer 2020, eq. 6): down(silu(gate(x)) ⊙ up(x)). x [B, T, D] → [B, T, D].</summary>
public sealed class Qwen2Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear gateProj;
    private readonly Linear upProj;
    private readonly Linear downProj;

    public Qwen2Mlp(Qwen2Config config) : base(nameof(Qwen2Mlp))
    {
        gateProj = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: false);
        upProj = nn.Linear(config.HiddenSize, config.IntermediateSize, hasBias: false);
        downProj = nn.Linear(config.IntermediateSize, config.HiddenSize, hasBias: false);
        register_module("gate_proj", gateProj);
        register_module("up_proj", upProj);
        register_module("down_proj", downProj);
    }

    /// <summary>gate and up projections stacked for one GEMM per decoding step: [2I, D].</summary>
    internal Tensor FusedGateUp() => cat([gateProj.weight!, upProj.weight!], 0);

    /// <summary>One decoding step with <see cref="FusedGateUp"/>: the values of <see cref="forward"/>, one GEMM fewer,
    /// no dispose scope (the caller's per-step scope frees everything).</summary>
    internal Tensor DecodeStep(Tensor x, Tensor gateUp)
    {
        var projected = F.linear(x, gateUp);                                          // [A, 1, 2I]
        var half = projected.shape[^1] / 2;
        var hidden = F.silu(projected.narrow(-1, 0, half)).mul(projected.narrow(-1, half, half)); // [A, 1, I]
        return downProj.forward(hidden);
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var hidden = F.silu(gateProj.forward(x)).mul(upProj.forward(x)); // [B, T, I]
        return downProj.forward(hidden).MoveToOuterDisposeScope();
    }
}
