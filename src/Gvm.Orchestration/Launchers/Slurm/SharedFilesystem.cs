namespace Gvm.Orchestration.Launchers.Slurm;

/// <summary>
/// The orchestrator-side half of the shared-filesystem check: the type of the filesystem that holds the sweep
/// directory, from the mount table. The decisive half runs in every job (the probe file, exit code 97).
/// </summary>
public static class SharedFilesystem
{
    /// <summary>Network and cluster filesystems that compute nodes typically mount under the same path.</summary>
    private static readonly HashSet<string> SharedTypes =
    [
        "nfs", "nfs4", "lustre", "gpfs", "beegfs", "cephfs", "ceph", "cifs", "smb3", "glusterfs", "fuse.glusterfs", "fuse.sshfs",
        "wekafs", "orangefs", "pvfs2", "panfs", "fuse.juicefs", "fuse.s3fs", "afs", "quobyte", "fuse.quobyte",
    ];

    /// <summary>The filesystem type of the longest mount point that contains <paramref name="path"/>, or null when unknown.</summary>
    public static string? TypeOf(string path, string mountsFile = "/proc/mounts")
    {
        if (!File.Exists(mountsFile)) return null;
        var full = Path.GetFullPath(path);
        string? best = null, type = null;
        foreach (var line in File.ReadLines(mountsFile))
        {
            var f = line.Split(' ');
            if (f.Length < 3) continue;
            var mount = f[1].Replace("\\040", " ", StringComparison.Ordinal);
            var inside = mount == "/" || full == mount || full.StartsWith(mount.TrimEnd('/') + "/", StringComparison.Ordinal);
            if (inside && (best is null || mount.Length >= best.Length))
            {
                best = mount;
                type = f[2];
            }
        }
        return type;
    }

    /// <summary>A warning when the sweep directory looks node-local, or null when it looks shared (or cannot be told).</summary>
    public static string? Warning(string sweepDir, string mountsFile = "/proc/mounts")
    {
        var type = TypeOf(sweepDir, mountsFile);
        if (type is null || SharedTypes.Contains(type)) return null;
        return $"{sweepDir} is on a '{type}' filesystem, which compute nodes usually do not share; each job checks that it sees the run "
            + "directory and fails with exit code 97 if not (fine on a single-node cluster)";
    }
}
