using Gvm.Orchestration.Grids;
using Gvm.Orchestration.Launchers;
using Gvm.Orchestration.Launchers.Slurm;
using Gvm.Orchestration.Ledger;
using Gvm.Orchestration.Sweeps;
using Gvm.Orchestration.Tests.Fakes;

namespace Gvm.Orchestration.Tests.Launchers;

/// <summary>
/// The launcher registry: the grid reader's and the sweep runner's launcher knowledge comes from it, and a launcher
/// registered by a test (<see cref="EchoLauncherKind"/>) gets its grid section, its options and a sweep with no other change.
/// </summary>
public class LauncherRegistryTests
{
    private static string Grid(string backend) => $"name: g\nbackend:\n{backend}\nstages:\n  sft:\n    spec: {{ algorithm: sft, schedule: {{ steps: 2 }} }}\n";

    [Fact]
    public void The_shipped_launchers_and_their_choices_text()
    {
        Assert.Equal(["local", "docker", "slurm"], RunLaunchers.Shipped.Names);
        Assert.Equal("local, docker or slurm", RunLaunchers.Shipped.Choices);
        Assert.Equal(["slurm"], RunLaunchers.Shipped.WithSections.Select(k => k.Name));
        Assert.Equal("local, docker, slurm or echo", EchoLauncherKind.Registry.Choices);
    }

    [Theory]
    [InlineData("  launcher: k8s", "g.yaml:3:13: backend.launcher: unknown launcher 'k8s'; expected local, docker or slurm")]
    [InlineData("  colour: red", "g.yaml:3:3: backend.colour: unknown key; expected one of: launcher, parallel, retries, requires_gpu, slurm")]
    [InlineData("  echo: { greeting: hi }", "g.yaml:3:3: backend.echo: unknown key; expected one of: launcher, parallel, retries, requires_gpu, slurm")]
    public void Grid_messages_list_the_registered_launchers(string backend, string message) =>
        Assert.StartsWith(message, Assert.Throws<GridException>(() => GridParser.Parse(Grid(backend), "g.yaml")).Message);

    [Fact]
    public void A_registered_launcher_owns_its_grid_section_and_its_errors_name_file_line_column_and_field()
    {
        var grid = GridParser.Parse(Grid("  launcher: echo\n  echo:\n    greeting: hi\n    loud: yes"), "g.yaml", EchoLauncherKind.Registry);
        Assert.Equal("echo", grid.Backend.Launcher);
        Assert.Equal(new EchoSettings { Greeting = "hi", Loud = true }, grid.Backend.Sections["echo"]);

        var empty = Assert.Throws<GridException>(() => GridParser.Parse(Grid("  echo:\n    greeting: ''"), "g.yaml", EchoLauncherKind.Registry));
        Assert.Equal("g.yaml:4:15: backend.echo.greeting: a greeting cannot be empty", empty.Message);
        var unknown = Assert.Throws<GridException>(() => GridParser.Parse(Grid("  echo:\n    volume: 11"), "g.yaml", EchoLauncherKind.Registry));
        Assert.Equal("g.yaml:4:5: backend.echo.volume: unknown key; expected one of: greeting, loud", unknown.Message);
    }

    [Fact]
    public void Options_are_read_per_launcher_and_a_bad_value_names_its_option()
    {
        var given = new Dictionary<string, object> { ["--slurm-time"] = "90", ["--slurm-requeue"] = true, ["--echo-greeting"] = "hey" };
        var overrides = EchoLauncherKind.Registry.ReadOverrides(o => given.GetValueOrDefault(o.Name));
        Assert.Equal(["echo", "slurm"], overrides.Keys.Order());
        Assert.Equal(new SlurmSettings { TimeLimit = TimeSpan.FromMinutes(90), Requeue = true }, overrides["slurm"]);
        Assert.Equal(new EchoSettings { Greeting = "hey" }, overrides["echo"]);

        var e = Assert.Throws<FormatException>(() => RunLaunchers.Shipped.ReadOverrides(o => o.Name == "--slurm-container" ? "podman" : null));
        Assert.Equal("--slurm-container: unknown container mode 'podman'; supported: none, docker, apptainer, enroot (Parameter 'text')", e.Message);
    }

    [Fact]
    public void A_launcher_name_registered_twice_is_refused() =>
        Assert.Contains("launcher 'echo' is registered twice", Assert.Throws<ArgumentException>(() => EchoLauncherKind.Registry.With(new EchoLauncherKind())).Message);

    [Fact]
    public async Task An_unknown_backend_is_refused_before_any_sweep_file_is_written()
    {
        using var t = new TestSweep(Grid("  parallel: 1"));
        var e = await Assert.ThrowsAsync<ArgumentException>(() => SweepRunner.RunAsync(new SweepOptions { Grid = t.GridPath, SweepDir = t.SweepDir, Backend = "k8s" }, new StringWriter()));
        Assert.StartsWith("unknown backend 'k8s'; supported: local, docker, slurm", e.Message);
        Assert.False(Directory.Exists(t.SweepDir));
    }

    [Fact]
    public async Task A_sweep_runs_on_a_test_launcher_with_its_grid_section_overridden_by_its_option()
    {
        using var t = new TestSweep(Grid("  launcher: echo\n  echo: { greeting: hello from the grid, loud: true }"));
        var output = new StringWriter();
        var code = await SweepRunner.RunAsync(new SweepOptions
        {
            Grid = t.GridPath, SweepDir = t.SweepDir, Gpus = "", Progress = "plain", MetricsIntervalSeconds = 0.1,
            Trainer = $"/bin/bash {TestSweep.FakeTrainerPath} sleep=0.02", Launchers = EchoLauncherKind.Registry,
            LauncherOverrides = new Dictionary<string, LauncherSettings> { ["echo"] = new EchoSettings { Greeting = "hello from the command line" } },
        }, output);

        Assert.True(code == 0, output.ToString());
        Assert.Contains("warning: echo says HELLO FROM THE COMMAND LINE", output.ToString());
        using var ledger = SweepLedger.Open(t.SweepDir);
        var run = Assert.Single(ledger.All());
        Assert.Equal(("echo", RunState.Succeeded), (run.Launcher, run.State));
    }
}
