using System.Globalization;
using Docker.DotNet.Models;
using Gvm.Core.Runs;

namespace Gvm.Orchestration.Launchers.Docker;

/// <summary>
/// Builds the create-container request of one attempt (pure: no engine calls). Host paths are mounted at the same
/// paths inside the container, so spec.json, data paths and checkpoint paths mean the same thing on both sides.
/// </summary>
public static class ContainerSpec
{
    public static CreateContainerParameters Build(LaunchRequest request, DockerLauncherOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var runDir = Path.GetFullPath(request.RunDir);
        var binds = new List<string> { Bind(runDir, runDir, readOnly: false) };
        foreach (var path in request.ReadOnlyPaths.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            if (path != runDir && !options.Mounts.Any(m => path.StartsWith(m.Target + "/", StringComparison.Ordinal)))
                binds.Add(Bind(path, path, readOnly: true));
        }
        binds.AddRange(options.Mounts.Select(m => Bind(m.Source, m.Target, m.ReadOnly)));

        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GVM_RUN_ID"] = request.RunId,
            ["GVM_SWEEP_ID"] = request.SweepId,
            ["GVM_ATTEMPT"] = request.Attempt.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (k, v) in TrainerEnvironment.Scrubbed(request.Environment)) env[k] = v;

        var memoryMb = request.MemoryMb > 0 ? request.MemoryMb : options.DefaultMemoryMb;
        var host = new HostConfig
        {
            Binds = binds,
            NetworkMode = options.NetworkMode,
            Init = options.Init,
            AutoRemove = false, // the exit code and OOMKilled are read before removal
            Memory = memoryMb * 1024L * 1024L,
            MemorySwap = memoryMb > 0 ? memoryMb * 1024L * 1024L : 0, // no swap beyond the limit: an OOM is an OOM
            NanoCPUs = request.Cpus > 0 ? request.Cpus * 1_000_000_000L : 0,
            // Least privilege: the trainer needs no capability (it reads mounted data, writes its run directory) and
            // never gains one through a setuid binary; the root filesystem is read-only unless asked otherwise, with
            // a private /tmp (the run directory is the only other writable place).
            CapDrop = ["ALL"],
            SecurityOpt = ["no-new-privileges"],
            ReadonlyRootfs = options.ReadOnlyRootFilesystem,
            Tmpfs = options.ReadOnlyRootFilesystem ? new Dictionary<string, string> { ["/tmp"] = "rw,nosuid,nodev" } : null,
        };
        if (request.Gpus.Count > 0)
        {
            // Exactly the slot's devices (GPU ids as nvidia-smi numbers them); inside the container they are 0..n-1.
            host.DeviceRequests =
            [
                new DeviceRequest
                {
                    Driver = options.GpuDriver,
                    DeviceIDs = request.Gpus.Select(g => g.ToString(CultureInfo.InvariantCulture)).ToList(),
                    Capabilities = [["gpu"]],
                },
            ];
        }

        var image = request.Gpus.Count > 0 && options.GpuImage is not null ? options.GpuImage : options.Image;
        return new CreateContainerParameters
        {
            Name = DockerLabels.ContainerName(request),
            Image = image,
            Entrypoint = [options.Command[0]],
            Cmd = [.. options.Command.Skip(1), "--spec", Path.Combine(runDir, RunFiles.Spec), "--out", runDir],
            Env = env.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            Labels = DockerLabels.For(request),
            WorkingDir = options.WorkingDir ?? "",
            User = options.User ?? "",
            Tty = false,
            AttachStdout = false,
            AttachStderr = false,
            HostConfig = host,
        };
    }

    private static string Bind(string source, string target, bool readOnly) => $"{source}:{target}:{(readOnly ? "ro" : "rw")}";
}
