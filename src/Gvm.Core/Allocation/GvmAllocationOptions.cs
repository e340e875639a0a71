using Gvm.Core.Runs;

namespace Gvm.Core.Allocation;

/// <summary>
/// Options of the GVM sample allocator (arXiv 2505.02391, Sec. 3): n_i ∝ G_i / sqrt(p_i + α / p_i^(β-1)).
/// The first four mirror the authors' pipeline; the per-prompt bounds, the exploration floor and the budget cap are
/// our additions and are off by default (0 = off for every integer option).
/// </summary>
public sealed record GvmAllocationOptions
{
    /// <summary>The paper's α (the one default: the spec's gvm section, <c>gvm allocate</c> and <see cref="VarianceProxy"/> use it).</summary>
    public const double DefaultAlpha = 1e-3;

    /// <summary>The paper's β (the one default, as <see cref="DefaultAlpha"/>).</summary>
    public const double DefaultBeta = 2.0;

    /// <summary>α in the denominator p_i + α·p_i^(1-β) (paper default 1e-3).</summary>
    public double Alpha { get; init; } = DefaultAlpha;

    /// <summary>β in the denominator p_i + α·p_i^(1-β) (paper default 2).</summary>
    public double Beta { get; init; } = DefaultBeta;

    /// <summary>Drop prompts whose acceptance rate is above this (they are already solved); 0 = off.</summary>
    public double FilterThreshold { get; init; }

    /// <summary>Drop prompts whose expected accepted count p_i·n_i is below this; 0 = off.</summary>
    public double FilterInsufficient { get; init; }

    /// <summary>Least samples for every prompt that keeps a positive weight; 0 = off.</summary>
    public int MinPerPrompt { get; init; }

    /// <summary>Most samples for any prompt; 0 = off. Budget a cap cuts off is redistributed to the others.</summary>
    public int MaxPerPrompt { get; init; }

    /// <summary>Samples reserved for each prompt with no accepted presample (p_i = 0), which the formula starves; 0 = off.</summary>
    public int ExplorationFloor { get; init; }

    /// <summary>
    /// N: stage-2 samples per prompt. When it is positive and <see cref="BudgetCap"/> is 0, the budget is capped at
    /// prompts × N as in the authors' pipeline (em/stage_2_calc_sample_size.py line 100 caps at prompts × its
    /// <c>--stage_1_samples</c>, which em/run_em.sh line 45 sets to the stage-2 samples per prompt). 0 = no cap.
    /// </summary>
    public int CapPerPrompt { get; init; }

    /// <summary>Explicit cap on the total budget; 0 = the default rule of <see cref="CapPerPrompt"/>.</summary>
    public int BudgetCap { get; init; }

    /// <summary>Data-parallel world size; the total is raised to a multiple of it (1 = no alignment).</summary>
    public int WorldSize { get; init; } = 1;

    /// <summary>All problems, each as (option name, message). Empty when valid.</summary>
    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var e = new List<(string, string)>();
        void Check(bool ok, string field, string message) { if (!ok) e.Add((field, message)); }
        Check(Alpha >= 0 && double.IsFinite(Alpha), "alpha", "must be a finite number >= 0");
        Check(double.IsFinite(Beta), "beta", "must be finite");
        Check(FilterThreshold is >= 0 and <= 1, "filter_threshold", "must be in [0, 1] (0 = off)");
        Check(FilterInsufficient >= 0 && double.IsFinite(FilterInsufficient), "filter_insufficient", "must be >= 0 (0 = off)");
        Check(MinPerPrompt >= 0, "min_per_prompt", "must be >= 0 (0 = off)");
        Check(MaxPerPrompt >= 0 && (MaxPerPrompt == 0 || MaxPerPrompt >= MinPerPrompt), "max_per_prompt",
            "must be 0 (off) or >= min_per_prompt");
        Check(ExplorationFloor >= 0 && (MaxPerPrompt == 0 || ExplorationFloor <= MaxPerPrompt), "exploration_floor",
            "must be >= 0 and not above max_per_prompt");
        Check(CapPerPrompt >= 0, "cap_per_prompt", "must be >= 0 (0 = no cap)");
        Check(BudgetCap >= 0, "budget_cap", "must be >= 0 (0 = default)");
        Check(WorldSize >= 1, "world_size", "must be >= 1");
        return e;
    }

    /// <summary>
    /// The rules that depend on the budget: <paramref name="budget"/> samples over <paramref name="prompts"/> prompts must
    /// hold every prompt's floor whatever the presamples say (all prompts unsolved: each gets <see cref="ExplorationFloor"/>;
    /// all kept: each gets at least <see cref="MinPerPrompt"/>), else <see cref="GvmAllocator"/> throws
    /// <see cref="AllocationException"/> in the middle of a run. Empty when the budget always fits.
    /// </summary>
    public IReadOnlyList<(string Field, string Message)> ValidateBudget(int prompts, int budget)
    {
        var e = new List<(string, string)>();
        var effective = EffectiveBudget(budget, prompts);
        if ((long)prompts * ExplorationFloor > effective)
            e.Add(("exploration_floor", $"{prompts} prompts × {ExplorationFloor} exceeds the budget of {effective} samples"));
        if ((long)prompts * MinPerPrompt > effective)
            e.Add(("min_per_prompt", $"{prompts} prompts × {MinPerPrompt} exceeds the budget of {effective} samples"));
        return e;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming every bad option.</summary>
    public GvmAllocationOptions EnsureValid()
    {
        var errors = Validate();
        if (errors.Count > 0)
            throw new ArgumentException("invalid GVM allocation options: " + string.Join("; ", errors.Select(x => $"{x.Field}: {x.Message}")));
        return this;
    }

    /// <summary>The budget actually spread for <paramref name="promptCount"/> prompts: min(budget, cap).</summary>
    public int EffectiveBudget(int budget, int promptCount)
    {
        long cap = BudgetCap > 0 ? BudgetCap
            : CapPerPrompt > 0 ? (long)promptCount * CapPerPrompt
            : long.MaxValue;
        return (int)Math.Min(budget, cap);
    }

    /// <summary>
    /// Maps the run contract's <see cref="GvmOptions"/> (the one construction from a spec: <see cref="GvmOptions.AllocationOptions"/>). <paramref name="capPerPrompt"/> turns on the authors'
    /// budget cap (prompts × N); leave it 0 when the stage-2 budget (prompts × samples_per_prompt) must be spent in
    /// full, e.g. for paired comparisons with the uniform baselines.
    /// </summary>
    public static GvmAllocationOptions From(GvmOptions gvm, int capPerPrompt = 0, int worldSize = 1)
    {
        ArgumentNullException.ThrowIfNull(gvm);
        return new GvmAllocationOptions
        {
            Alpha = gvm.Alpha,
            Beta = gvm.Beta,
            FilterThreshold = gvm.FilterThreshold,
            FilterInsufficient = gvm.FilterInsufficient,
            MinPerPrompt = gvm.MinPerPrompt,
            MaxPerPrompt = gvm.MaxPerPrompt,
            ExplorationFloor = gvm.ExplorationFloor,
            CapPerPrompt = capPerPrompt,
            WorldSize = worldSize,
        };
    }
}
