using Gvm.Core.Allocation;
using Gvm.Core.Runs;
using Gvm.Training.Rl;

namespace Gvm.Training.Real;

/// <summary>Options of <see cref="MathRlTrainer"/> (GRPO / GVM-GRPO on real math prompts). Each step is one EM iteration.</summary>
public sealed record MathRlOptions
{
    /// <summary>grpo or gvm_grpo.</summary>
    public Algorithm Algorithm { get; init; } = Algorithm.GvmGrpo;
    public int Steps { get; init; } = 2;
    public int PromptsPerStep { get; init; } = 4;

    /// <summary>Stage-2 budget per prompt (GRPO group size; GVM spreads PromptsPerStep × this over the prompts).</summary>
    public int SamplesPerPrompt { get; init; } = 4;

    /// <summary>GVM stage-1 presamples per prompt (estimates p_i and G_i only).</summary>
    public int Presamples { get; init; } = 4;
    public double Temperature { get; init; } = 1.0;
    public int MaxNewTokens { get; init; } = 1024;
    public double Lr { get; init; } = 1e-6;
    public int Seed { get; init; } = 1;

    /// <summary>verl training data suffix (runs/data_preprocess/numina_process.py, with the final period).</summary>
    public string QuestionSuffix { get; init; } = " Let's think step by step and output the final answer within \\boxed{}.";

    /// <summary>The allocator (α = 1e-3, β = 2); the exploration floor keeps prompts with p = 0 sampled.</summary>
    public GvmAllocationOptions Gvm { get; init; } = new() { ExplorationFloor = 1 };

    public PolicyUpdateOptions Update { get; init; } = new() { UseKl = false, MiniBatchSize = 8 };

    public MathRlOptions Validate()
    {
        if (Algorithm is not (Algorithm.Grpo or Algorithm.GvmGrpo))
            throw new ArgumentException($"algorithm '{Algorithm.ToName()}' is not supported by the math trainer; supported: grpo, gvm_grpo", nameof(Algorithm));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Steps, nameof(Steps));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PromptsPerStep, nameof(PromptsPerStep));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SamplesPerPrompt, nameof(SamplesPerPrompt));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Presamples, nameof(Presamples));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxNewTokens, nameof(MaxNewTokens));
        if (!(Lr > 0)) throw new ArgumentException($"Lr must be > 0 (got {Lr})", nameof(Lr));
        Gvm.EnsureValid();
        Update.Validate();
        return this;
    }
}
