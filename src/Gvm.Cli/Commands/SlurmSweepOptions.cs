using System.CommandLine;
using Gvm.Orchestration.Launchers.Slurm;

namespace Gvm.Cli.Commands;

/// <summary><c>gvm sweep --slurm-*</c>: overrides of the grid's backend.slurm section (used with --backend slurm).</summary>
internal sealed class SlurmSweepOptions
{
    private readonly Option<string?> _partition = new("--slurm-partition") { Description = "Slurm partition (sbatch --partition)" };
    private readonly Option<string?> _account = new("--slurm-account") { Description = "Slurm account (sbatch --account)" };
    private readonly Option<string?> _qos = new("--slurm-qos") { Description = "Slurm QOS (sbatch --qos)" };
    private readonly Option<string?> _time = new("--slurm-time") { Description = "Job time limit: minutes, HH:MM:SS or D-HH:MM:SS (default: the run's timeout)" };
    private readonly Option<bool?> _requeue = new("--slurm-requeue") { Description = "Let Slurm requeue jobs after node failure or preemption" };
    private readonly Option<string?> _container = new("--slurm-container") { Description = "none, docker, apptainer or enroot" };
    private readonly Option<string?> _image = new("--slurm-image") { Description = "Container image for --slurm-container" };
    private readonly Option<string?> _conf = new("--slurm-conf") { Description = "slurm.conf for the client commands (default: SLURM_CONF or the system's)" };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { _partition, _account, _qos, _time, _requeue, _container, _image, _conf }) command.Options.Add(o);
    }

    /// <summary>The overrides given on the command line; throws FormatException/ArgumentException on bad values (exit 2).</summary>
    public SlurmSettings Read(ParseResult parse) => new()
    {
        Partition = parse.GetValue(_partition), Account = parse.GetValue(_account), Qos = parse.GetValue(_qos),
        TimeLimit = parse.GetValue(_time) is { } t ? Named(_time, () => SlurmSettings.ParseTime(t)) : null,
        Requeue = parse.GetValue(_requeue),
        Container = parse.GetValue(_container) is { } c ? Named(_container, () => SlurmContainerModes.Parse(c)) : null,
        Image = parse.GetValue(_image), ConfigFile = parse.GetValue(_conf),
    };

    private static T Named<T>(Option option, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new FormatException($"{option.Name}: {e.Message}", e);
        }
    }
}
