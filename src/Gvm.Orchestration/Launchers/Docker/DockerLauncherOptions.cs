using System.Runtime.InteropServices;

namespace Gvm.Orchestration.Launchers.Docker;

/// <summary>A bind mount; the docker launcher mounts host paths at the same path inside the container.</summary>
public sealed record DockerMount(string Source, string Target, bool ReadOnly);

/// <summary>Options of the docker launcher (one engine, one trainer image per device kind).</summary>
public sealed record DockerLauncherOptions
{
    public const string ImageVariable = "GVM_DOCKER_IMAGE";
    public const string GpuImageVariable = "GVM_DOCKER_GPU_IMAGE";
    public const string CommandVariable = "GVM_DOCKER_COMMAND";
    public const string NetworkVariable = "GVM_DOCKER_NETWORK";
    /// <summary>A self-contained publish folder bind-mounted at /opt/gvm (minimal base image, no image rebuild).</summary>
    public const string PublishDirVariable = "GVM_DOCKER_PUBLISH_DIR";
    /// <summary><c>false</c> turns the read-only root filesystem off (an image that writes outside /tmp and the run directory).</summary>
    public const string ReadOnlyVariable = "GVM_DOCKER_READ_ONLY";
    public const string InstallDir = "/opt/gvm";
    /// <summary>Written by <c>dotnet cake --target=Image</c>: the tag of the CPU trainer image it built.</summary>
    public const string CpuTagFile = "artifacts/images/trainer-cpu.tag";
    public const string CudaTagFile = "artifacts/images/trainer-cuda.tag";

    /// <summary>Engine endpoint: DOCKER_HOST, else the default socket.</summary>
    public Uri Endpoint { get; init; } = DefaultEndpoint();
    /// <summary>Trainer image for CPU runs (and GPU runs when <see cref="GpuImage"/> is null).</summary>
    public required string Image { get; init; }
    public string? GpuImage { get; init; }
    /// <summary>Command inside the container, followed by <c>--spec RUN_DIR/spec.json --out RUN_DIR</c>.</summary>
    public IReadOnlyList<string> Command { get; init; } = ["/opt/gvm/gvm", "train"];
    /// <summary><c>none</c> by default: trainers read bind-mounted data only. <c>host</c> lets them reach MLflow.</summary>
    public string NetworkMode { get; init; } = "none";
    /// <summary>Extra bind mounts (data, the repository, a publish folder mounted into a minimal base).</summary>
    public IReadOnlyList<DockerMount> Mounts { get; init; } = [];
    /// <summary>Working directory inside the container (relative spec paths resolve against it); null = the image's.</summary>
    public string? WorkingDir { get; init; }
    /// <summary><c>uid:gid</c> the trainer runs as, so run-directory files belong to the user; null = the image's user.</summary>
    public string? User { get; init; }
    /// <summary>Device driver asked for in DeviceRequests when a slot has GPUs.</summary>
    public string GpuDriver { get; init; } = "nvidia";
    /// <summary>Memory limit when a run states none (0 = unlimited).</summary>
    public int DefaultMemoryMb { get; init; }
    /// <summary>Remove each container once its outcome is read (the logs are already in the run directory).</summary>
    public bool RemoveAfterExit { get; init; } = true;
    /// <summary>Run docker-init as PID 1 so SIGTERM reaches the trainer and zombies are reaped.</summary>
    public bool Init { get; init; } = true;
    /// <summary>Mount the image read-only (a tmpfs at /tmp; the run directory is mounted writable). Default on.</summary>
    public bool ReadOnlyRootFilesystem { get; init; } = true;

    public DockerLauncherOptions Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Image, nameof(Image));
        if (Command.Count == 0) throw new ArgumentException("the container command is empty", nameof(Command));
        ArgumentException.ThrowIfNullOrWhiteSpace(NetworkMode, nameof(NetworkMode));
        ArgumentOutOfRangeException.ThrowIfNegative(DefaultMemoryMb, nameof(DefaultMemoryMb));
        foreach (var m in Mounts)
        {
            if (!Path.IsPathFullyQualified(m.Source) || !Path.IsPathFullyQualified(m.Target))
                throw new ArgumentException($"bind mounts need absolute paths, got '{m.Source}' -> '{m.Target}'", nameof(Mounts));
        }
        return this;
    }

    public static Uri DefaultEndpoint()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        return new Uri(string.IsNullOrWhiteSpace(host) ? "unix:///var/run/docker.sock" : host);
    }

    /// <summary>
    /// Options for <c>gvm sweep --backend docker</c>: the image from GVM_DOCKER_IMAGE or the tag file the Image target
    /// wrote; the repository, the working directory and the shared material mounted read-only at their own paths.
    /// </summary>
    public static DockerLauncherOptions FromEnvironment(string repoRoot, string workingDirectory, string? sharedDirectory)
    {
        var image = Environment.GetEnvironmentVariable(ImageVariable) is { Length: > 0 } i ? i : ReadTag(repoRoot, CpuTagFile)
            ?? throw new FileNotFoundException(
                $"no trainer image: run `dotnet cake --target=Image` (writes {CpuTagFile}) or set {ImageVariable}", Path.Combine(repoRoot, CpuTagFile));
        var gpuImage = Environment.GetEnvironmentVariable(GpuImageVariable) is { Length: > 0 } g ? g : ReadTag(repoRoot, CudaTagFile);
        var mounts = new List<DockerMount>();
        foreach (var dir in new[] { repoRoot, workingDirectory, sharedDirectory })
        {
            if (dir is null) continue;
            var full = Path.GetFullPath(dir).TrimEnd('/');
            if (!mounts.Any(m => full == m.Source || full.StartsWith(m.Source + "/", StringComparison.Ordinal)))
                mounts.Add(new DockerMount(full, full, ReadOnly: true));
        }
        if (Environment.GetEnvironmentVariable(PublishDirVariable) is { Length: > 0 } publish)
            mounts.Add(new DockerMount(Path.GetFullPath(publish), InstallDir, ReadOnly: true));
        var options = new DockerLauncherOptions
        {
            Image = image, GpuImage = gpuImage, Mounts = mounts, WorkingDir = workingDirectory, User = CurrentUser(),
            NetworkMode = Environment.GetEnvironmentVariable(NetworkVariable) is { Length: > 0 } n ? n : "none",
            ReadOnlyRootFilesystem = Environment.GetEnvironmentVariable(ReadOnlyVariable) is not ("false" or "0"),
        };
        if (Environment.GetEnvironmentVariable(CommandVariable) is { Length: > 0 } command)
        {
            var c = Local.TrainerCommand.Parse(command);
            options = options with { Command = [c.Program, .. c.Arguments] };
        }
        return options.Validate();
    }

    private static string? ReadTag(string workingDirectory, string relative)
    {
        var path = Path.Combine(workingDirectory, relative);
        return File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } tag ? tag : null;
    }

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEuid();

    [DllImport("libc", EntryPoint = "getegid")]
    private static extern uint GetEgid();

    /// <summary>The effective <c>uid:gid</c> on Linux (files the trainer writes stay the user's), else null.</summary>
    public static string? CurrentUser() => OperatingSystem.IsLinux() ? $"{GetEuid()}:{GetEgid()}" : null;
}
