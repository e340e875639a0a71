using Gvm.Orchestration.Launchers;
using Gvm.Orchestration.Launchers.Local;
using Gvm.Orchestration.Launchers.Slurm;

namespace Gvm.Orchestration.Tests.Launchers.Slurm;

/// <summary>The generated batch script: directives, quoting, the probe, container wrappers.</summary>
public class SlurmScriptTests
{
    private static readonly SlurmLauncherOptions Options = new() { Trainer = new TrainerCommand("dotnet", ["/opt/gvm/gvm.dll", "train"]) };

    private static LaunchRequest Request => new()
    {
        SweepId = "sw1", RunId = "abc123", Attempt = 2, RunDir = "/shared/sweeps/t/runs/abc123", Gpus = [4, 5], Cpus = 8, MemoryMb = 32000,
        Timeout = TimeSpan.FromMinutes(90.5), Environment = new Dictionary<string, string> { ["NOTE"] = "it's $HOME" },
        ReadOnlyPaths = ["/shared/ckpt"],
    };

    [Fact]
    public void Directives_carry_name_comment_resources_output_and_dependencies()
    {
        var d = SlurmScript.Directives(Request, Options with { Partition = "gpu", Account = "proj", Qos = "high", Requeue = true, ExtraArguments = ["--constraint=a100"] }, ["11", "12"]);
        Assert.Equal(
        [
            "--job-name=gvm-abc123", "--comment=gvm:sw1:abc123:2", "--chdir=/shared/sweeps/t/runs/abc123",
            "--output=/shared/sweeps/t/runs/abc123/stdout.log", "--error=/shared/sweeps/t/runs/abc123/stderr.log", "--open-mode=append",
            "--nodes=1", "--ntasks=1", "--cpus-per-task=8", "--gres=gpu:2", "--mem=32000M", "--time=0-01:31:00",
            "--partition=gpu", "--account=proj", "--qos=high", "--requeue", "--dependency=afterok:11:12", "--constraint=a100",
        ], d);
    }

    [Fact]
    public void A_configured_time_limit_wins_and_cpu_runs_ask_for_no_gpus()
    {
        var d = SlurmScript.Directives(Request with { Gpus = [], MemoryMb = 0 }, Options with { TimeLimit = TimeSpan.FromDays(2) }, []);
        Assert.Contains("--time=2-00:00:00", d);
        Assert.Contains("--no-requeue", d);
        Assert.DoesNotContain(d, x => x.StartsWith("--gres", StringComparison.Ordinal) || x.StartsWith("--mem", StringComparison.Ordinal));
    }

    [Fact]
    public void The_script_checks_the_probe_quotes_the_environment_and_execs_the_trainer()
    {
        var script = SlurmScript.Build(Request, Options, "tok", []);
        Assert.StartsWith("#!/bin/bash\n#SBATCH --job-name=gvm-abc123\n", script);
        Assert.Contains("export NOTE='it'\\''s $HOME'\n", script);
        Assert.Contains("export GVM_ATTEMPT='2'\n", script);
        Assert.Contains("if [ \"$(cat '/shared/sweeps/t/runs/abc123/.gvm-shared-probe' 2>/dev/null)\" != 'tok' ]; then", script);
        Assert.Contains("  exit 97\n", script);
        Assert.EndsWith("exec 'dotnet' '/opt/gvm/gvm.dll' 'train' '--spec' '/shared/sweeps/t/runs/abc123/spec.json' '--out' '/shared/sweeps/t/runs/abc123'\n", script);
        Assert.DoesNotContain(".gvm-shared-probe", SlurmScript.Build(Request, Options, null, []));
    }

    [Fact]
    public void Container_modes_wrap_the_trainer_and_mount_the_run_directory()
    {
        var apptainer = SlurmScript.Command(Request, Options with { Container = SlurmContainerMode.Apptainer, Image = "/img/gvm.sif" });
        Assert.Equal(["apptainer", "exec", "--nv", "--bind", Request.RunDir, "--bind", "/shared/ckpt:/shared/ckpt:ro", "--pwd", Request.RunDir, "/img/gvm.sif", "dotnet"], apptainer.Take(11));
        var docker = SlurmScript.Command(Request, Options with { Container = SlurmContainerMode.Docker, Image = "gvm:1" });
        Assert.Contains("--gpus", docker[2]);
        Assert.Contains($"{Request.RunDir}:{Request.RunDir}", docker);
        Assert.Contains("/shared/ckpt:/shared/ckpt:ro", docker);
        var enroot = SlurmScript.Command(Request, Options with { Container = SlurmContainerMode.Enroot, Image = "gvm" });
        Assert.Equal(["enroot", "start", "--mount", $"{Request.RunDir}:{Request.RunDir}"], enroot.Take(4));
    }

    [Fact]
    public void Paths_that_sbatch_directives_cannot_carry_are_refused()
    {
        var e = Assert.Throws<LaunchException>(() => SlurmScript.Build(Request with { RunDir = "/my runs/x" }, Options, null, []));
        Assert.Contains("whitespace", e.Message);
        Assert.Throws<LaunchException>(() => SlurmScript.Build(Request with { RunDir = "/runs/100%" }, Options, null, []));
        Assert.Throws<ArgumentException>(() => (Options with { Container = SlurmContainerMode.Docker }).Validate());
        Assert.Throws<ArgumentException>(() => (Options with { Partition = "a b" }).Validate());
    }
}
