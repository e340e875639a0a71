using System.CommandLine;
using Gvm.Cli.Commands;
using Gvm.Orchestration.Launchers;
using Gvm.Orchestration.Launchers.Slurm;

namespace Gvm.Cli.Tests.Commands;

/// <summary><c>gvm sweep</c>'s launcher options, built from the launcher registry: the same flags, order and values as before it.</summary>
public class SweepCommandTests
{
    private static Command Sweep() => GvmApp.Build().Subcommands.Single(c => c.Name == "sweep");

    [Fact]
    public void The_sweep_command_has_the_slurm_flags_in_their_help_order()
    {
        var names = Sweep().Options.Select(o => o.Name).ToList();
        Assert.Equal(
            ["--slurm-partition", "--slurm-account", "--slurm-qos", "--slurm-time", "--slurm-requeue", "--slurm-container", "--slurm-image", "--slurm-conf"],
            names.Where(n => n.StartsWith("--slurm-", StringComparison.Ordinal)));
        Assert.Equal("Launcher: local, docker or slurm; default: the grid's", Sweep().Options.Single(o => o.Name == "--backend").Description);
    }

    [Fact]
    public void Slurm_flags_become_the_slurm_launchers_overrides()
    {
        var command = new Command("sweep");
        var options = new LauncherSweepOptions(RunLaunchers.Shipped);
        options.AddTo(command);

        var parse = command.Parse(["--slurm-partition", "gpu", "--slurm-time", "1-00", "--slurm-requeue", "--slurm-container", "apptainer", "--slurm-image", "/i.sif"]);
        Assert.Empty(parse.Errors);
        Assert.Equal(new SlurmSettings
        {
            Partition = "gpu", TimeLimit = TimeSpan.FromDays(1), Requeue = true, Container = SlurmContainerMode.Apptainer, Image = "/i.sif",
        }, options.Read(parse)["slurm"]);
        Assert.Equal(new SlurmSettings(), options.Read(command.Parse([]))["slurm"]);
        Assert.Equal(new SlurmSettings { Requeue = false }, options.Read(command.Parse(["--slurm-requeue", "false"]))["slurm"]);

        var e = Assert.Throws<FormatException>(() => options.Read(command.Parse(["--slurm-time", "soon"])));
        Assert.Equal("--slurm-time: 'soon' is not a Slurm time (minutes, HH:MM:SS or D-HH:MM:SS)", e.Message);
    }
}
