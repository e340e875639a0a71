using System.Diagnostics;
using Gvm.Core.IO;
using Gvm.Orchestration.Launchers;
using Gvm.Orchestration.Launchers.Docker;

namespace Gvm.Orchestration.Tests.Launchers.Docker;

/// <summary>The engine-free parts: the create request, the exit mapping, the error texts and the image check.</summary>
public sealed class DockerLauncherUnitTests
{
    private static readonly DockerLauncherOptions Options = new()
    {
        Image = "gvm-trainer:cpu", GpuImage = "gvm-trainer:cuda",
        Mounts = [new DockerMount("/repo", "/repo", ReadOnly: true)], WorkingDir = "/repo", User = "1000:1000",
    };

    private static LaunchRequest Request(params int[] gpus) => new()
    {
        SweepId = "sw1", RunId = "r-abc", Attempt = 2, RunDir = "/sweeps/s/runs/r-abc", Gpus = gpus, Cpus = 2, MemoryMb = 4096,
        ReadOnlyPaths = ["/ckpt/sft", "/repo/data"], Environment = new Dictionary<string, string> { ["X"] = "1" },
    };

    [Fact]
    public void The_create_request_mounts_the_run_directory_at_its_own_path_with_labels_limits_and_no_network()
    {
        var c = ContainerSpec.Build(Request(), Options);

        Assert.Equal("gvm-trainer:cpu", c.Image);
        Assert.Equal(["/opt/gvm/gvm"], c.Entrypoint);
        Assert.Equal(["train", "--spec", "/sweeps/s/runs/r-abc/spec.json", "--out", "/sweeps/s/runs/r-abc"], c.Cmd);
        Assert.NotNull(c.HostConfig);
        Assert.NotNull(c.Env);
        // /repo/data is under a mounted path already: not mounted twice.
        Assert.Equal(["/sweeps/s/runs/r-abc:/sweeps/s/runs/r-abc:rw", "/ckpt/sft:/ckpt/sft:ro", "/repo:/repo:ro"], c.HostConfig.Binds);
        Assert.Equal(new Dictionary<string, string> { ["gvm.sweep"] = "sw1", ["gvm.run"] = "r-abc", ["gvm.attempt"] = "2", ["gvm.launcher"] = "docker" }, c.Labels);
        Assert.Equal("none", c.HostConfig.NetworkMode);
        Assert.Equal(4096L * 1024 * 1024, c.HostConfig.Memory);
        Assert.Equal(c.HostConfig.Memory, c.HostConfig.MemorySwap);
        Assert.Equal(2_000_000_000L, c.HostConfig.NanoCPUs);
        Assert.True(c.HostConfig.Init);
        Assert.False(c.HostConfig.AutoRemove);
        Assert.Null(c.HostConfig.DeviceRequests);
        Assert.Contains("GVM_ATTEMPT=2", c.Env);
        Assert.Contains("X=1", c.Env);
        Assert.Equal(("1000:1000", "/repo", "gvm-sw1-r-abc-a2"), (c.User, c.WorkingDir, c.Name));
    }

    [Fact]
    public void Containers_drop_every_capability_gain_no_privilege_and_get_a_read_only_root_by_default()
    {
        var c = ContainerSpec.Build(Request(), Options);
        Assert.NotNull(c.HostConfig);
        Assert.NotNull(c.HostConfig.Binds);
        Assert.Equal(["ALL"], c.HostConfig.CapDrop);
        Assert.Equal(["no-new-privileges"], c.HostConfig.SecurityOpt);
        Assert.True(c.HostConfig.ReadonlyRootfs);
        Assert.Equal(new Dictionary<string, string> { ["/tmp"] = "rw,nosuid,nodev" }, c.HostConfig.Tmpfs);
        Assert.Contains("/sweeps/s/runs/r-abc:/sweeps/s/runs/r-abc:rw", c.HostConfig.Binds); // the one writable mount

        var writable = ContainerSpec.Build(Request(), Options with { ReadOnlyRootFilesystem = false });
        Assert.NotNull(writable.HostConfig);
        Assert.False(writable.HostConfig.ReadonlyRootfs);
        Assert.Null(writable.HostConfig.Tmpfs);
        Assert.Equal(["ALL"], writable.HostConfig.CapDrop);
    }

    [Fact]
    public void Tracking_credentials_never_reach_the_container_environment()
    {
        var request = Request() with
        {
            Environment = new Dictionary<string, string>
            {
                ["MLFLOW_TRACKING_TOKEN"] = "tok-secret", ["MLFLOW_TRACKING_USERNAME"] = "ann", ["MLFLOW_TRACKING_PASSWORD"] = "pw-secret",
                ["MLFLOW_TRACKING_URI"] = "http://ann:pw-secret@mlflow:5000/?token=tok-secret", ["X"] = "1",
            },
        };
        var env = ContainerSpec.Build(request, Options).Env;
        Assert.NotNull(env);
        Assert.DoesNotContain(env, e => e.Contains("secret", StringComparison.Ordinal) || e.StartsWith("MLFLOW_TRACKING_USERNAME", StringComparison.Ordinal));
        Assert.Contains("MLFLOW_TRACKING_URI=http://mlflow:5000/", env);
        Assert.Contains("X=1", env);
    }

    [Fact]
    public void Gpus_are_requested_by_exact_device_id_from_the_gpu_image()
    {
        var c = ContainerSpec.Build(Request(2, 5), Options);

        Assert.NotNull(c.HostConfig?.DeviceRequests);
        Assert.NotNull(c.Env);
        var d = Assert.Single(c.HostConfig.DeviceRequests);
        Assert.NotNull(d.Capabilities);
        Assert.Equal("nvidia", d.Driver);
        Assert.Equal(["2", "5"], d.DeviceIDs);
        Assert.Equal(["gpu"], Assert.Single(d.Capabilities));
        Assert.Equal(0, d.Count);
        Assert.Equal("gvm-trainer:cuda", c.Image);
        Assert.DoesNotContain(c.Env, e => e.StartsWith("CUDA_VISIBLE_DEVICES", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, false, false, LaunchEnd.Succeeded, null)]
    [InlineData(137, true, false, LaunchEnd.OutOfMemory, "out of memory (limit 512 MB)")]
    [InlineData(137, false, false, LaunchEnd.Failed, "SIGKILL from outside")]
    [InlineData(137, false, true, LaunchEnd.Cancelled, "stopped on request")]
    [InlineData(130, false, false, LaunchEnd.Cancelled, "stopped from outside")]
    [InlineData(3, false, false, LaunchEnd.Failed, "diverged")]
    [InlineData(139, false, false, LaunchEnd.Failed, "GLIBCXX_3.4.32")]
    [InlineData(1, false, false, LaunchEnd.Failed, "exit code 1; stderr: first | boom")]
    public void Exits_map_to_outcomes(int code, bool oom, bool cancelled, LaunchEnd end, string? message)
    {
        var o = ContainerOutcomes.Map(new ContainerExit(code, oom, null, 512), cancelled, "first\n\nboom\n");
        Assert.Equal((end, code), (o.End, o.ExitCode));
        if (message is not null) Assert.Contains(message, o.Message);
    }

    [Fact]
    public void The_misleading_torchsharp_message_of_a_bookworm_image_gets_the_real_cause()
    {
        // What the trainer prints on a bookworm base (measured): exit 1, the message, then a stack trace.
        var stderr = "This application or script uses TorchSharp but doesn't contain a reference to libtorch-cpu-linux-x64, Version=2.10.0.0.\n" +
                     string.Concat(Enumerable.Repeat("   at System.Threading.Tasks.Task.ExecuteWithThreadLocal()\n", 20));
        var o = ContainerOutcomes.Map(new ContainerExit(1, false, null, null), false, stderr);
        Assert.Equal(LaunchEnd.Failed, o.End);
        Assert.Contains("TorchSharp could not load libtorch: the image's libstdc++ lacks GLIBCXX_3.4.32", o.Message);
    }

    [Fact]
    public void A_missing_nvidia_runtime_is_named_as_such()
    {
        var m = DockerErrors.ExplainStart("could not select device driver \"nvidia\" with capabilities: [[gpu]]", "img", [0, 3]);
        Assert.StartsWith("GPUs 0,3 were requested but this host has no NVIDIA container runtime", m);
        Assert.Contains("No such image", DockerErrors.ExplainStart("No such image: x:y", "x:y", []));
        Assert.Contains("dotnet cake --target=Image", DockerErrors.ExplainStart("No such image: x:y", "x:y", []));
    }

    [Fact]
    public void Container_names_keep_only_safe_characters()
    {
        Assert.Equal("gvm-s_1-r_x-a3", DockerLabels.ContainerName(new LaunchRequest { SweepId = "s/1", RunId = "r x", Attempt = 3, RunDir = "/r" }));
        Assert.Equal(3, DockerLabels.AttemptOf(new Dictionary<string, string> { ["gvm.attempt"] = "3" }));
        Assert.Null(DockerLabels.AttemptOf(null));
    }

    [Fact]
    public void Options_reject_relative_mounts_and_an_empty_command()
    {
        Assert.Throws<ArgumentException>(() => (Options with { Mounts = [new DockerMount("data", "/data", true)] }).Validate());
        Assert.Throws<ArgumentException>(() => (Options with { Command = [] }).Validate());
    }

    [Theory]
    [InlineData("GLIBCXX_3.4.31\0GLIBCXX_3.4.32\0", 0, "provides GLIBCXX_3.4.32")]
    [InlineData("GLIBCXX_3.4.30\0", 1, "would fail at start with a misleading message and exit 139")]
    public void The_image_check_rejects_a_bookworm_libstdcxx(string symbols, int exit, string message)
    {
        var root = Path.Combine(Path.GetTempPath(), $"gvm-rootfs-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "usr/lib/x86_64-linux-gnu"));
            Directory.CreateDirectory(Path.Combine(root, "etc"));
            File.WriteAllText(Path.Combine(root, "usr/lib/x86_64-linux-gnu/libstdc++.so.6"), "\x7f" + "ELF" + symbols);
            File.WriteAllText(Path.Combine(root, "etc/os-release"), "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
            var script = Path.Combine(RepoPaths.FindRepoRoot()!, "build", "images", "check-glibcxx.sh");
            var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add(script);
            psi.ArgumentList.Add(root);
            using var p = Process.Start(psi)!;
            var text = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.Equal(exit, p.ExitCode);
            Assert.Contains(message, text);
            Assert.Contains("bookworm", text);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task An_engine_that_does_not_answer_is_a_launch_error_naming_the_endpoint()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"gvm-nodocker-{Guid.NewGuid():N}");
        try
        {
            await using var launcher = new DockerLauncher(Options with { Endpoint = new Uri($"unix://{dir}/docker.sock") });
            var e = await Assert.ThrowsAsync<LaunchException>(() => launcher.SubmitAsync(Request() with { RunDir = Path.Combine(dir, "run") }));
            Assert.Contains($"the Docker engine at unix://{dir}/docker.sock does not answer", e.Message);
            Assert.Contains("start dockerd or set DOCKER_HOST", e.Message);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
