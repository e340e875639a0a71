namespace Gvm.Core.IO;

/// <summary>Finds the repository root and the shared material beside it (../shared), for tools and tests.</summary>
public static class RepoPaths
{
    /// <summary>The directory holding GvmExperiments.sln, searched upwards from <paramref name="start"/> (default: the app's base directory, then the current directory).</summary>
    public static string? FindRepoRoot(string? start = null)
    {
        foreach (var origin in new[] { start, AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            if (origin is null) continue;
            for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "GvmExperiments.sln"))) return dir.FullName;
            }
        }
        return null;
    }

    /// <summary>The shared material: $GVM_SHARED if set, else ../shared next to the repository root.</summary>
    public static string? FindShared()
    {
        var env = Environment.GetEnvironmentVariable("GVM_SHARED");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return Path.GetFullPath(env);
        var root = FindRepoRoot();
        if (root is null) return null;
        var shared = Path.GetFullPath(Path.Combine(root, "..", "shared"));
        return Directory.Exists(shared) ? shared : null;
    }

    /// <summary>Like <see cref="FindShared"/> but throws a clear error when it is missing.</summary>
    public static string RequireShared(string relative = "")
    {
        var shared = FindShared()
            ?? throw new DirectoryNotFoundException("shared material not found: set GVM_SHARED or place 'shared/' beside the repository root");
        var path = Path.Combine(shared, relative);
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new FileNotFoundException($"shared file not found: {path}", path);
        return path;
    }
}
