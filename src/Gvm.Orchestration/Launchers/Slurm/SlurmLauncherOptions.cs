using Gvm.Orchestration.Launchers.Local;

namespace Gvm.Orchestration.Launchers.Slurm;

/// <summary>How the batch script starts the trainer on the compute node.</summary>
public enum SlurmContainerMode
{
    /// <summary>The trainer command runs directly on the node.</summary>
    None,
    /// <summary><c>docker run --gpus device=…</c> of <see cref="SlurmLauncherOptions.Image"/>.</summary>
    Docker,
    /// <summary><c>apptainer exec --nv</c> of an image file or URI.</summary>
    Apptainer,
    /// <summary><c>enroot start</c> of an imported container.</summary>
    Enroot,
}

public static class SlurmContainerModes
{
    public static readonly IReadOnlyList<string> Names = ["none", "docker", "apptainer", "enroot"];

    public static SlurmContainerMode Parse(string text) => text switch
    {
        "none" => SlurmContainerMode.None,
        "docker" => SlurmContainerMode.Docker,
        "apptainer" => SlurmContainerMode.Apptainer,
        "enroot" => SlurmContainerMode.Enroot,
        _ => throw new ArgumentException($"unknown container mode '{text}'; supported: {string.Join(", ", Names)}", nameof(text)),
    };
}

/// <summary>Options of the <c>slurm</c> launcher (grid <c>backend.slurm</c> section, overridden by <c>gvm sweep --slurm-*</c>).</summary>
public sealed record SlurmLauncherOptions
{
    /// <summary>The trainer command; the script appends <c>--spec RUN_DIR/spec.json --out RUN_DIR</c>. In a container, the command inside the image.</summary>
    public required TrainerCommand Trainer { get; init; }
    public string? Partition { get; init; }
    public string? Account { get; init; }
    public string? Qos { get; init; }
    /// <summary><c>--time</c>; null = the run's timeout rounded up to whole minutes, or the partition default when it has none.</summary>
    public TimeSpan? TimeLimit { get; init; }
    /// <summary><c>--requeue</c>: Slurm restarts the job after a node failure or preemption (the trainer resumes from its checkpoint).</summary>
    public bool Requeue { get; init; }
    public SlurmContainerMode Container { get; init; } = SlurmContainerMode.None;
    /// <summary>Image for <see cref="Container"/> (docker image, apptainer .sif/URI, enroot container name).</summary>
    public string? Image { get; init; }
    /// <summary>Slurm configuration for the client commands (exported as SLURM_CONF); null = the system's.</summary>
    public string? ConfigFile { get; init; }
    /// <summary>Extra <c>#SBATCH</c> arguments, e.g. <c>--constraint=a100</c>.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
    /// <summary>How often <c>squeue</c> is asked about the sweep's jobs (one call for all of them).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Limit for one Slurm command; a controller that does not answer within it counts as a transient failure.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Attempts for a Slurm command that failed transiently (controller busy or unreachable).</summary>
    public int CommandAttempts { get; init; } = 3;
    /// <summary>Check, inside each job, that the run directory written here is visible on the node (exit 97 if not).</summary>
    public bool CheckSharedFilesystem { get; init; } = true;

    public SlurmLauncherOptions Validate()
    {
        ArgumentNullException.ThrowIfNull(Trainer);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CommandTimeout, TimeSpan.Zero, nameof(CommandTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(CommandAttempts, 1, nameof(CommandAttempts));
        if (TimeLimit is { } t) ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(t, TimeSpan.Zero, nameof(TimeLimit));
        if (Container != SlurmContainerMode.None && string.IsNullOrWhiteSpace(Image))
            throw new ArgumentException($"container mode {Container.ToString().ToLowerInvariant()} needs an image", nameof(Image));
        foreach (var (name, value) in new[] { ("partition", Partition), ("account", Account), ("qos", Qos), ("image", Image) })
        {
            if (value is not null && (value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'')))
                throw new ArgumentException($"slurm {name} '{value}' must be a non-empty word without spaces or quotes", name);
        }
        foreach (var a in ExtraArguments)
        {
            if (!a.StartsWith('-') || a.Any(c => c is '\n' or '\r'))
                throw new ArgumentException($"extra sbatch argument '{a}' must be one option starting with '-'", nameof(ExtraArguments));
        }
        return this;
    }
}
