using Gvm.Orchestration.Launchers.Local;
using Microsoft.Extensions.Logging;

namespace Gvm.Orchestration.Launchers.Slurm;

/// <summary>
/// <c>slurm</c>: one batch job per attempt. Grid section <c>backend.slurm</c> (<see cref="SlurmSettings"/>), overridden
/// field by field by <c>gvm sweep --slurm-*</c>; the cluster holds the GPUs (virtual slots, <see cref="SlurmSlots"/>).
/// </summary>
public sealed class SlurmLauncherKind : LauncherKind<SlurmSettings>
{
    public override string Name => "slurm";

    public override bool HasSection => true;

    public override IReadOnlyList<LauncherOption> Options { get; } =
    [
        Text("--slurm-partition", "Slurm partition (sbatch --partition)", (s, v) => s with { Partition = v }),
        Text("--slurm-account", "Slurm account (sbatch --account)", (s, v) => s with { Account = v }),
        Text("--slurm-qos", "Slurm QOS (sbatch --qos)", (s, v) => s with { Qos = v }),
        Text("--slurm-time", "Job time limit: minutes, HH:MM:SS or D-HH:MM:SS (default: the run's timeout)",
            (s, v) => s with { TimeLimit = SlurmSettings.ParseTime(v) }),
        Switch("--slurm-requeue", "Let Slurm requeue jobs after node failure or preemption", (s, v) => s with { Requeue = v }),
        Text("--slurm-container", "none, docker, apptainer or enroot", (s, v) => s with { Container = SlurmContainerModes.Parse(v) }),
        Text("--slurm-image", "Container image for --slurm-container", (s, v) => s with { Image = v }),
        Text("--slurm-conf", "slurm.conf for the client commands (default: SLURM_CONF or the system's)", (s, v) => s with { ConfigFile = v }),
    ];

    protected override SlurmSettings Parse(ILauncherSection section) => SlurmSettings.Parse(section);

    protected override ILauncherSetup Prepare(SlurmSettings section, SlurmSettings overrides, TrainerCommand trainer) =>
        new Setup(section.With(overrides).ToOptions(trainer));

    private sealed class Setup(SlurmLauncherOptions options) : ILauncherSetup
    {
        public IReadOnlyList<int> RemoteGpus(int parallel, IEnumerable<int> gpusPerRun) => SlurmSlots.VirtualGpus(parallel, gpusPerRun);

        public string? Warning(string sweepDir) => SharedFilesystem.Warning(sweepDir);

        public IRunLauncher Create(LocalLauncherOptions local, ILoggerFactory? loggers) => new SlurmLauncher(options);
    }
}
