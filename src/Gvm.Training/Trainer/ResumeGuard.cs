using Gvm.Core.Inputs;
using Gvm.Core.Runs;
using Gvm.Training.State;

namespace Gvm.Training.Trainer;

/// <summary>
/// A run directory resumes only with the spec it was started with. The recorded spec is the newest checkpoint's copy
/// (<c>checkpoints/step_*/spec.json</c>), else RUN_DIR/spec.json when a trainer has run there (status.json exists and metrics.jsonl is not empty).
/// A different spec is refused before anything is written (exit 2, naming every field that differs), unless the
/// change is deliberate (<c>gvm train --allow-spec-change</c>), in which case it is recorded in spec_history.jsonl.
/// </summary>
public static class ResumeGuard
{
    /// <returns>The changes to record (empty when the spec is the same or there is nothing to resume).</returns>
    /// <exception cref="RunSpecException">The spec differs and <paramref name="allowChange"/> is false.</exception>
    public static IReadOnlyList<SpecChange> Check(RunSpec incoming, string runDir, bool allowChange)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        if (Recorded(runDir) is not { } recorded) return [];
        var changes = RunSpecDiff.Compare(recorded.Spec, incoming);
        if (changes.Count == 0 || allowChange) return changes;
        throw new RunSpecException(recorded.Source, changes[0].Field,
            $"the run directory {runDir} was started with a different spec: {string.Join(", ", changes.Take(12))}" +
            (changes.Count > 12 ? $" and {changes.Count - 12} more" : "") +
            "; resume with the same spec, use a new --out directory, or pass --allow-spec-change to continue with this one " +
            $"(recorded in {RunFiles.SpecHistory})");
    }

    private static (RunSpec Spec, string Source)? Recorded(string runDir)
    {
        foreach (var dir in TrainerCheckpoint.Candidates(runDir))
        {
            try
            {
                if (TrainerCheckpoint.SpecOf(dir) is { } spec) return (spec, Path.Combine(dir, TrainerCheckpoint.SpecFile));
                break; // a checkpoint of a build that kept no spec copy: fall back to spec.json
            }
            catch (InputException)
            {
                // a damaged copy: the resume sets that checkpoint aside; the next one (or spec.json) decides
            }
        }
        var path = Path.Combine(runDir, RunFiles.Spec);
        // A start that failed before its first metric (bad input, a missing device) left nothing to resume: a corrected
        // spec starts afresh in the same directory.
        var metrics = new FileInfo(Path.Combine(runDir, RunFiles.Metrics));
        if (!File.Exists(Path.Combine(runDir, RunFiles.Status)) || !File.Exists(path) || !metrics.Exists || metrics.Length == 0) return null;
        try
        {
            return (RunSpec.Load(path), path);
        }
        catch (InputException)
        {
            return null; // unreadable: nothing to compare with; the run writes the spec it runs with
        }
    }
}
