namespace Gvm.Tracking.Sweeps;

/// <summary>Reads the checked-out commit from .git files (no git process), for <c>mlflow.source.git.commit</c>.</summary>
public static class GitCommit
{
    /// <summary>The HEAD commit of the repository containing <paramref name="start"/>, or null outside a repository.</summary>
    public static string? TryRead(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            var dotGit = Path.Combine(dir.FullName, ".git");
            string? gitDir = Directory.Exists(dotGit) ? dotGit : null;
            if (gitDir is null && File.Exists(dotGit))
            {
                // worktree or submodule: ".git" is a file "gitdir: <path>"
                var line = File.ReadAllText(dotGit).Trim();
                if (line.StartsWith("gitdir:", StringComparison.Ordinal))
                    gitDir = Path.GetFullPath(Path.Combine(dir.FullName, line[7..].Trim()));
            }
            if (gitDir is null) continue;
            return Resolve(gitDir);
        }
        return null;
    }

    private static string? Resolve(string gitDir)
    {
        var headPath = Path.Combine(gitDir, "HEAD");
        if (!File.Exists(headPath)) return null;
        var head = File.ReadAllText(headPath).Trim();
        if (!head.StartsWith("ref:", StringComparison.Ordinal)) return IsSha(head) ? head : null;
        var reference = head[4..].Trim();
        // refs live in the common dir for worktrees
        var common = File.Exists(Path.Combine(gitDir, "commondir"))
            ? Path.GetFullPath(Path.Combine(gitDir, File.ReadAllText(Path.Combine(gitDir, "commondir")).Trim()))
            : gitDir;
        foreach (var root in new[] { gitDir, common })
        {
            var refFile = Path.Combine(root, reference);
            if (File.Exists(refFile)) return File.ReadAllText(refFile).Trim();
            var packed = Path.Combine(root, "packed-refs");
            if (!File.Exists(packed)) continue;
            foreach (var line in File.ReadLines(packed))
            {
                var parts = line.Split(' ');
                if (parts.Length == 2 && parts[1] == reference && IsSha(parts[0])) return parts[0];
            }
        }
        return null;
    }

    private static bool IsSha(string s) => s.Length is 40 or 64 && s.All(char.IsAsciiHexDigit);
}
