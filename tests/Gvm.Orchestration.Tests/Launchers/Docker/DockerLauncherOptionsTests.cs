using Gvm.Orchestration.Launchers.Docker;

namespace Gvm.Orchestration.Tests.Launchers.Docker;

/// <summary>How <c>gvm sweep --backend docker</c> finds its image and mounts (environment variables are process-wide: one test).</summary>
public sealed class DockerLauncherOptionsTests
{
    private static readonly string[] Variables = ["GVM_DOCKER_IMAGE", "GVM_DOCKER_PUBLISH_DIR", "GVM_DOCKER_COMMAND", "GVM_DOCKER_NETWORK"];

    [Fact]
    public void Options_come_from_the_tag_file_or_the_environment_and_mount_the_repository_at_its_own_path()
    {
        var repo = Path.Combine(Path.GetTempPath(), $"gvm-repo-{Guid.NewGuid():N}");
        string?[] saved = [.. Variables.Select(Environment.GetEnvironmentVariable)];
        try
        {
            Directory.CreateDirectory(Path.Combine(repo, "artifacts", "images"));
            foreach (var v in Variables) Environment.SetEnvironmentVariable(v, null);

            var missing = Assert.Throws<FileNotFoundException>(() => DockerLauncherOptions.FromEnvironment(repo, repo, null));
            Assert.Contains("dotnet cake --target=Image", missing.Message);

            File.WriteAllText(Path.Combine(repo, DockerLauncherOptions.CpuTagFile), "gvm-trainer:cpu-abc-123\n");
            var o = DockerLauncherOptions.FromEnvironment(repo, Path.Combine(repo, "sub"), "/work/shared");
            Assert.Equal("gvm-trainer:cpu-abc-123", o.Image);
            Assert.Null(o.GpuImage);
            Assert.Equal("none", o.NetworkMode);
            Assert.Equal([new DockerMount(repo, repo, true), new DockerMount("/work/shared", "/work/shared", true)], o.Mounts);
            Assert.Equal(["/opt/gvm/gvm", "train"], o.Command);

            Environment.SetEnvironmentVariable("GVM_DOCKER_IMAGE", "gvm-base:trixie");
            Environment.SetEnvironmentVariable("GVM_DOCKER_PUBLISH_DIR", "/tmp/publish");
            Environment.SetEnvironmentVariable("GVM_DOCKER_COMMAND", "/opt/gvm/gvm train --quiet");
            Environment.SetEnvironmentVariable("GVM_DOCKER_NETWORK", "host");
            o = DockerLauncherOptions.FromEnvironment(repo, repo, null);
            Assert.Equal(("gvm-base:trixie", "host"), (o.Image, o.NetworkMode));
            Assert.Contains(new DockerMount("/tmp/publish", "/opt/gvm", true), o.Mounts);
            Assert.Equal(["/opt/gvm/gvm", "train", "--quiet"], o.Command);
        }
        finally
        {
            for (var i = 0; i < Variables.Length; i++) Environment.SetEnvironmentVariable(Variables[i], saved[i]);
            Directory.Delete(repo, recursive: true);
        }
    }
}
