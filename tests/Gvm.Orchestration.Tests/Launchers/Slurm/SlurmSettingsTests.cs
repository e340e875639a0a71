using Gvm.Orchestration.Grids;
using Gvm.Orchestration.Launchers.Local;
using Gvm.Orchestration.Launchers.Slurm;

namespace Gvm.Orchestration.Tests.Launchers.Slurm;

/// <summary>The grid's backend.slurm section, --slurm-* overrides, time limits, virtual slots and the filesystem check.</summary>
public class SlurmSettingsTests
{
    private const string Grid = """
        name: g
        backend:
          launcher: slurm
          parallel: 8
          slurm:
            partition: gpu
            account: proj
            time: "1-02:03:04"
            requeue: true
            container: apptainer
            image: /img/gvm.sif
            extra_args: ["--constraint=a100"]
            poll_s: 2
        stages:
          sft:
            spec: { algorithm: sft }
        """;

    [Fact]
    public void The_backend_section_becomes_launcher_options_and_the_command_line_overrides_it()
    {
        var settings = Assert.IsType<SlurmSettings>(GridParser.Parse(Grid, "g.yaml").Backend.Sections["slurm"]);
        var options = settings.With(new SlurmSettings { Partition = "debug", Requeue = false }).ToOptions(new TrainerCommand("gvm", ["train"]));

        Assert.Equal(("debug", "proj", false), (options.Partition, options.Account, options.Requeue));
        Assert.Equal(new TimeSpan(1, 2, 3, 4), options.TimeLimit);
        Assert.Equal((SlurmContainerMode.Apptainer, "/img/gvm.sif"), (options.Container, options.Image));
        Assert.Equal(["--constraint=a100"], options.ExtraArguments);
        Assert.Equal(TimeSpan.FromSeconds(2), options.PollInterval);
    }

    [Theory]
    [InlineData("    partition: a b", "5:16", "backend.slurm.partition")]
    [InlineData("    time: soon", "5:11", "backend.slurm.time")]
    [InlineData("    container: podman", "5:16", "backend.slurm.container")]
    [InlineData("    colour: red", "5:5", "backend.slurm.colour")]
    public void Bad_values_name_the_line_column_and_field(string line, string at, string field)
    {
        var text = $"name: g\nbackend:\n  launcher: slurm\n  slurm:\n{line}\nstages:\n  sft:\n    spec: {{ algorithm: sft }}\n";
        var e = Assert.Throws<GridException>(() => GridParser.Parse(text, "g.yaml"));
        Assert.StartsWith($"g.yaml:{at}: {field}: ", e.Message);
    }

    [Fact]
    public void A_container_without_an_image_is_refused()
    {
        var text = "name: g\nbackend:\n  slurm:\n    container: docker\nstages:\n  sft:\n    spec: { algorithm: sft }\n";
        Assert.Contains("backend.slurm.image: container docker needs an image", Assert.Throws<GridException>(() => GridParser.Parse(text, "g.yaml")).Message);
    }

    [Theory]
    [InlineData("90", 0, 1, 30, 0)]
    [InlineData("30:15", 0, 0, 30, 15)]
    [InlineData("04:00:00", 0, 4, 0, 0)]
    [InlineData("2-12", 2, 12, 0, 0)]
    [InlineData("2-12:30", 2, 12, 30, 0)]
    [InlineData("1-00:00:01", 1, 0, 0, 1)]
    public void Slurm_time_forms_parse(string text, int d, int h, int m, int s) =>
        Assert.Equal(new TimeSpan(d, h, m, s), SlurmSettings.ParseTime(text));

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("1:2:3:4")]
    [InlineData("-5")]
    [InlineData("1h")]
    public void Bad_times_are_refused(string text) => Assert.Throws<FormatException>(() => SlurmSettings.ParseTime(text));

    [Fact]
    public void Virtual_gpu_slots_cover_parallel_jobs_of_the_largest_request()
    {
        Assert.Equal([0, 1, 2, 3, 4, 5], SlurmSlots.VirtualGpus(3, [1, 2, 0]));
        Assert.Empty(SlurmSlots.VirtualGpus(3, [0, 0]));
    }

    [Fact]
    public void The_filesystem_check_finds_the_longest_mount_and_warns_only_for_local_types()
    {
        var mounts = Path.GetTempFileName();
        try
        {
            File.WriteAllText(mounts, "overlay / overlay rw 0 0\nserver:/export /shared nfs4 rw 0 0\ntmpfs /shared/tmp tmpfs rw 0 0\n");
            Assert.Equal("nfs4", SharedFilesystem.TypeOf("/shared/sweeps/x", mounts));
            Assert.Equal("tmpfs", SharedFilesystem.TypeOf("/shared/tmp/x", mounts));
            Assert.Equal("overlay", SharedFilesystem.TypeOf("/sharedness", mounts));
            Assert.Null(SharedFilesystem.Warning("/shared/sweeps/x", mounts));
            Assert.Contains("'tmpfs' filesystem", SharedFilesystem.Warning("/shared/tmp/x", mounts));
        }
        finally
        {
            File.Delete(mounts);
        }
    }
}
