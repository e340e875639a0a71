using Gvm.Core.Runs;
using Gvm.Orchestration.Launchers;
using YamlDotNet.RepresentationModel;

namespace Gvm.Orchestration.Grids;

/// <summary>A parsed grid file. Spec overrides stay as YAML nodes so every resolved field keeps its line:column.</summary>
public sealed record GridDefinition
{
    public required string File { get; init; }
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    /// <summary>Run-spec fields applied to every run (before the stage's own <c>spec</c> and the axes).</summary>
    public YamlMappingNode? Defaults { get; init; }
    public GridBackend Backend { get; init; } = new();
    public required IReadOnlyList<GridStage> Stages { get; init; }
    public IReadOnlyList<GridPairRule> Pairs { get; init; } = [];
    internal GridMark Mark { get; init; }
}

/// <summary>One stage: its spec overrides, axes (cartesian product), exclusions, extra cells and resources.</summary>
public sealed record GridStage
{
    public required string Name { get; init; }
    public IReadOnlyList<string> Needs { get; init; } = [];
    /// <summary>
    /// <c>for_each: STAGE</c>: one run (per own cell) for every run of that stage, which it needs and whose
    /// <c>final/</c> becomes its <c>model.checkpoint</c>; the run inherits that run's cell values (an eval stage).
    /// </summary>
    public string? ForEach { get; init; }
    public YamlMappingNode? Spec { get; init; }
    public IReadOnlyList<GridAxis> Axes { get; init; } = [];
    /// <summary>Each entry: axis name → value; a cell matching every entry's values is dropped.</summary>
    public IReadOnlyList<IReadOnlyList<GridAssignment>> Exclude { get; init; } = [];
    /// <summary>Extra cells added after the product (axis name → value).</summary>
    public IReadOnlyList<IReadOnlyList<GridAssignment>> Include { get; init; } = [];
    public GridResources Resources { get; init; } = new();
    internal GridMark Mark { get; init; }
}

/// <summary>An axis: a name (alias such as <c>seed</c> or a dotted spec path) and its values.</summary>
public sealed record GridAxis(string Name, string SpecPath, IReadOnlyList<YamlScalarNode> Values);

/// <summary>A value given to an axis (or spec path) in a cell, include or exclude entry.</summary>
public sealed record GridAssignment(string Name, string SpecPath, YamlScalarNode Value);

public sealed record GridResources
{
    public int Gpus { get; init; }
    public int Cpus { get; init; } = 1;
    public int MemoryMb { get; init; }
    public double TimeoutSeconds { get; init; }
}

/// <summary>Backend defaults; command-line options override them.</summary>
public sealed record GridBackend
{
    public string Launcher { get; init; } = "local";
    public int Parallel { get; init; } = 1;
    public int Retries { get; init; } = 1;
    /// <summary>True for grids that cannot run on a CPU-only host (paper configurations).</summary>
    public bool RequiresGpu { get; init; }
    /// <summary>
    /// The launchers' own sections, by launcher name (<c>slurm:</c> → its settings), each parsed by its launcher;
    /// a launcher without one here gets its unset settings.
    /// </summary>
    public IReadOnlyDictionary<string, LauncherSettings> Sections { get; init; } = new Dictionary<string, LauncherSettings>();
}

/// <summary>
/// A declared comparison: the baseline and candidate runs of each group of cells that agree on every axis except the
/// algorithm and what the two sides name. Plain pairs (<c>baseline: grpo</c>) differ only in the algorithm and pair runs
/// of the same stage; an ablation side also names a stage and/or axis values
/// (<c>candidate: { stage: abl_presamples4, algorithm: gvm_grpo }</c>), and then runs of different stages pair up.
/// </summary>
public sealed record GridPairRule(GridPairSide Baseline, GridPairSide Candidate, string Name)
{
    /// <summary>The axes a side names besides the algorithm (excluded from the grouping key).</summary>
    public IReadOnlySet<string> AblatedAxes { get; } =
        Baseline.Axes.Keys.Concat(Candidate.Axes.Keys).ToHashSet(StringComparer.Ordinal);

    /// <summary>True when a side names a stage: runs pair across stages, so the stage is not part of the grouping key.</summary>
    public bool AcrossStages => Baseline.Stage is not null || Candidate.Stage is not null;
}

/// <summary>
/// One side of a pair rule: an RL algorithm and, for an ablation, the stage and/or axis values (axis name as written →
/// value text) its runs must have.
/// </summary>
public sealed record GridPairSide(Algorithm Algorithm, string? Stage, IReadOnlyDictionary<string, string> Axes)
{
    public bool Matches(Algorithm algorithm, string stage, IReadOnlyDictionary<string, string> cell) =>
        algorithm == Algorithm && (Stage is null || Stage == stage) && Axes.All(kv => cell.TryGetValue(kv.Key, out var v) && v == kv.Value);

    /// <summary>"GVM-GRPO", or for an ablation side "GVM-GRPO [abl_presamples4]" / "GVM-GRPO (presamples=4)".</summary>
    public string Label
    {
        get
        {
            var label = Algorithm.ToDisplay();
            if (Stage is not null) label += $" [{Stage}]";
            if (Axes.Count > 0)
                label += $" ({string.Join(", ", Axes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"))})";
            return label;
        }
    }
}

/// <summary>Short axis names and the run-spec fields they set.</summary>
public static class GridAxes
{
    public static readonly IReadOnlyDictionary<string, string> Aliases = new Dictionary<string, string>
    {
        ["algorithm"] = "algorithm",
        ["seed"] = "seed",
        ["presamples"] = "sampling.presamples",
        ["samples"] = "sampling.samples_per_prompt",
        ["prompts"] = "sampling.prompts_per_step",
        ["alpha"] = "gvm.alpha",
        ["beta"] = "gvm.beta",
        ["lr"] = "optim.lr",
        ["model"] = "model.preset",
        ["checkpoint"] = "model.checkpoint",
        ["steps"] = "schedule.steps",
    };

    /// <summary>The spec path of an axis name: an alias or a dotted spec path itself.</summary>
    public static string? SpecPath(string name) =>
        Aliases.TryGetValue(name, out var p) ? p : name.Contains('.') || SpecOverlay.IsTopLevelField(name) ? name : null;
}
