using Gvm.Core.Runs;

namespace Gvm.Tracking.Sweeps;

/// <summary>
/// The files of a finished run that become artifacts of its MLflow child run: what a person opens next to the
/// metrics (the resolved spec, the trainer's log, the GVM allocations, the result, per-prompt pass rates) and, for an
/// eval run, its evaluation files. Checkpoints and the final model are not uploaded (gigabytes; they stay in the
/// sweep directory).
/// </summary>
public static class RunArtifacts
{
    /// <summary>Files taken from the top of the run directory, in upload order, when they exist.</summary>
    public static readonly IReadOnlyList<string> TopLevel = [RunFiles.Spec, RunFiles.Log, RunFiles.Allocations, RunFiles.Result, RunFiles.PassRates];

    /// <summary>
    /// The artifact files of <paramref name="runDir"/> as it is now: relative paths with '/' separators, the top-level
    /// files that exist, then every file under <c>eval/</c> (written by eval runs), in ordinal order.
    /// </summary>
    public static IReadOnlyList<string> Collect(string runDir)
    {
        var files = TopLevel.Where(f => File.Exists(Path.Combine(runDir, f))).ToList();
        var eval = Path.Combine(runDir, RunFiles.Evaluation);
        if (Directory.Exists(eval))
        {
            files.AddRange(Directory.EnumerateFiles(eval, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(runDir, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal));
        }
        return files;
    }
}
