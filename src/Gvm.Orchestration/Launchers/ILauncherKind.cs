using Gvm.Orchestration.Launchers.Local;
using Microsoft.Extensions.Logging;

namespace Gvm.Orchestration.Launchers;

/// <summary>
/// One launcher as the rest of the orchestrator sees it: its name (<c>--backend</c>, grid <c>backend.launcher</c>), its
/// grid section (<c>backend.&lt;name&gt;</c>), its <c>gvm sweep</c> overrides of that section and how a sweep sets it up.
/// Implementations derive from <see cref="LauncherKind{TSettings}"/>; <see cref="RunLaunchers"/> lists them.
/// </summary>
public interface ILauncherKind
{
    /// <summary>"local", "docker", "slurm": the backend name, the ledger's launcher column and its grid section key.</summary>
    string Name { get; }

    /// <summary>True when the grid may hold a <c>backend.&lt;Name&gt;</c> section (read by <see cref="ParseSection"/>).</summary>
    bool HasSection { get; }

    /// <summary>Reads the grid's <c>backend.&lt;Name&gt;</c> section; errors name the grid file, line, column and field.</summary>
    LauncherSettings ParseSection(ILauncherSection section);

    /// <summary>The <c>gvm sweep</c> options that override the section field by field (<c>--slurm-*</c>), in help order.</summary>
    IReadOnlyList<LauncherOption> Options { get; }

    /// <summary>Settings with every field unset: what the grid gives without a section and the options start from.</summary>
    LauncherSettings Unset { get; }

    /// <summary>
    /// The launcher for one sweep, its settings merged (<paramref name="overrides"/> win over <paramref name="section"/>)
    /// and validated before any sweep file is written.
    /// </summary>
    ILauncherSetup Prepare(LauncherSettings section, LauncherSettings overrides, TrainerCommand trainer);
}

/// <summary>A launcher's typed settings (grid section and command-line overrides share the record); unset fields are null.</summary>
public abstract record LauncherSettings;

/// <summary>Settings of a launcher that has none (no grid section, no options).</summary>
public sealed record NoLauncherSettings : LauncherSettings;

/// <summary>A launcher prepared for one sweep (settings validated); the sweep runner asks it for slots and then creates it.</summary>
public interface ILauncherSetup
{
    /// <summary>
    /// The slot GPU ids when the launcher's own nodes hold the GPUs (Slurm: virtual ids for <paramref name="parallel"/>
    /// jobs of the largest request), which also waives the grid's <c>requires_gpu</c> check on this host; null = this
    /// host's GPUs (<c>nvidia-smi</c>). <c>--gpus</c> overrides either.
    /// </summary>
    IReadOnlyList<int>? RemoteGpus(int parallel, IEnumerable<int> gpusPerRun) => null;

    /// <summary>A warning about the sweep directory for this launcher (Slurm: not on a shared filesystem), or null.</summary>
    string? Warning(string sweepDir) => null;

    /// <summary>The launcher, created once the sweep's files are written.</summary>
    IRunLauncher Create(LocalLauncherOptions local, ILoggerFactory? loggers);
}

/// <summary>The typed base of a launcher kind: <typeparamref name="TSettings"/> in, casts kept here.</summary>
public abstract class LauncherKind<TSettings> : ILauncherKind
    where TSettings : LauncherSettings, new()
{
    public abstract string Name { get; }

    public virtual bool HasSection => false;

    public virtual IReadOnlyList<LauncherOption> Options => [];

    public LauncherSettings Unset { get; } = new TSettings();

    LauncherSettings ILauncherKind.ParseSection(ILauncherSection section) => Parse(section);

    ILauncherSetup ILauncherKind.Prepare(LauncherSettings section, LauncherSettings overrides, TrainerCommand trainer) =>
        Prepare((TSettings)section, (TSettings)overrides, trainer);

    /// <summary>Reads the grid section; only called when <see cref="HasSection"/> is true.</summary>
    protected virtual TSettings Parse(ILauncherSection section) =>
        throw new NotSupportedException($"launcher {Name} has no grid section");

    protected abstract ILauncherSetup Prepare(TSettings section, TSettings overrides, TrainerCommand trainer);

    /// <summary>An option of this launcher whose value is text (<c>--slurm-partition gpu</c>).</summary>
    protected static LauncherOption Text(string name, string description, Func<TSettings, string, TSettings> apply) =>
        new(name, description, LauncherOptionType.Text, (s, v) => apply((TSettings)s, (string)v));

    /// <summary>An option of this launcher that is a switch (<c>--slurm-requeue</c>, <c>--slurm-requeue false</c>).</summary>
    protected static LauncherOption Switch(string name, string description, Func<TSettings, bool, TSettings> apply) =>
        new(name, description, LauncherOptionType.Switch, (s, v) => apply((TSettings)s, (bool)v));
}

/// <summary>A launcher with no grid section and no options (local, docker): its setup only creates it.</summary>
public abstract class PlainLauncherKind : LauncherKind<NoLauncherSettings>
{
    /// <summary>The launcher, once the sweep's files are written.</summary>
    protected abstract IRunLauncher Create(LocalLauncherOptions local, ILoggerFactory? loggers);

    protected sealed override ILauncherSetup Prepare(NoLauncherSettings section, NoLauncherSettings overrides, TrainerCommand trainer) =>
        new Setup(this);

    private sealed class Setup(PlainLauncherKind kind) : ILauncherSetup
    {
        public IRunLauncher Create(LocalLauncherOptions local, ILoggerFactory? loggers) => kind.Create(local, loggers);
    }
}
