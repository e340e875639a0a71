namespace Gvm.Training.Benchmarks;

/// <summary>A build of the benchmark: a label for the tables and the gvm.dll that runs it.</summary>
public sealed record BenchTree(string Label, string GvmDll, string Root);

/// <summary>
/// Builds a git revision for a side-by-side comparison: <c>git worktree add --detach</c> under
/// <c>artifacts/bench-trainer/revisions/SHA</c>, then <c>dotnet build src/Gvm.Cli -c Release</c> there. A worktree
/// whose build finished (marker file) is reused when kept; otherwise it is removed again with
/// <c>git worktree remove --force</c>.
/// </summary>
public sealed class RevisionBuild : IAsyncDisposable
{
    private const string BuiltMarker = ".bench-built";
    private readonly string _repository;
    private readonly bool _keep;

    private RevisionBuild(string repository, string directory, BenchTree tree, bool keep)
    {
        _repository = repository;
        WorktreeDirectory = directory;
        Tree = tree;
        _keep = keep;
    }

    public BenchTree Tree { get; }

    public string WorktreeDirectory { get; }

    public static async Task<RevisionBuild> CreateAsync(string repository, string revision, string workDirectory, bool keep,
        Action<string> progress, CancellationToken cancellationToken)
    {
        var sha = (await GitAsync(repository, ["rev-parse", "--verify", "--quiet", revision + "^{commit}"], cancellationToken,
            allowFailure: true).ConfigureAwait(false)).Trim();
        if (sha.Length < 12) throw new ArgumentException($"'{revision}' is not a commit of the repository at {repository}", "--compare-to");
        var directory = Path.Combine(workDirectory, "revisions", sha[..12]);
        var dll = Path.Combine(directory, "src", "Gvm.Cli", "bin", "Release", "net10.0", "gvm.dll");
        var tree = new BenchTree($"{revision} ({sha[..7]})", dll, directory);
        if (File.Exists(Path.Combine(directory, BuiltMarker)) && File.Exists(dll))
        {
            progress($"reusing the build of {revision} in {directory}");
            return new RevisionBuild(repository, directory, tree, keep);
        }
        if (Directory.Exists(directory))
        {
            await GitAsync(repository, ["worktree", "remove", "--force", directory], cancellationToken, allowFailure: true).ConfigureAwait(false);
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            await GitAsync(repository, ["worktree", "prune"], cancellationToken).ConfigureAwait(false);
        }
        progress($"git worktree add --detach {directory} {sha[..12]}");
        await GitAsync(repository, ["worktree", "add", "--detach", directory, sha], cancellationToken).ConfigureAwait(false);
        var build = new RevisionBuild(repository, directory, tree, keep);
        try
        {
            progress($"dotnet build src/Gvm.Cli -c Release in {directory} (minutes on 2 cores)");
            var result = await BenchProcess.RunAsync("dotnet", ["build", Path.Combine("src", "Gvm.Cli"), "-c", "Release", "-nologo", "-v", "q"],
                directory, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0 || !File.Exists(dll))
                throw new InvalidOperationException($"building {revision} failed (exit {result.ExitCode}):\n{Tail(result.Stdout + result.Stderr)}");
            await File.WriteAllTextAsync(Path.Combine(directory, BuiltMarker), sha, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await build.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return build;
    }

    /// <summary>The short commit of the repository's HEAD, with "+changes" when the working tree differs from it.</summary>
    public static async Task<string> DescribeHeadAsync(string repository, CancellationToken cancellationToken)
    {
        var sha = (await GitAsync(repository, ["rev-parse", "--short=7", "HEAD"], cancellationToken, allowFailure: true).ConfigureAwait(false)).Trim();
        if (sha.Length == 0) return "this build";
        var status = await GitAsync(repository, ["status", "--porcelain", "--untracked-files=no"], cancellationToken, allowFailure: true)
            .ConfigureAwait(false);
        return status.Trim().Length == 0 ? $"this tree ({sha})" : $"this tree ({sha}+changes)";
    }

    public async ValueTask DisposeAsync()
    {
        if (_keep || !Directory.Exists(WorktreeDirectory)) return;
        await GitAsync(_repository, ["worktree", "remove", "--force", WorktreeDirectory], CancellationToken.None, allowFailure: true).ConfigureAwait(false);
    }

    private static async Task<string> GitAsync(string repository, IReadOnlyList<string> arguments, CancellationToken cancellationToken,
        bool allowFailure = false)
    {
        var result = await BenchProcess.RunAsync("git", ["-C", repository, .. arguments], repository, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0 && !allowFailure)
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed (exit {result.ExitCode}): {result.Stderr.Trim()}");
        return result.Stdout;
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
