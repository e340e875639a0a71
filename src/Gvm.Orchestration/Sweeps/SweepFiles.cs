using Gvm.Core.IO;
using Gvm.Core.Runs;
using Gvm.Core.Sweeps;

namespace Gvm.Orchestration.Sweeps;

/// <summary>Writes plan.json and each run's spec.json (atomically; unchanged files are not rewritten).</summary>
public static class SweepFiles
{
    public static async Task WriteAsync(SweepPlan plan, string sweepDir, CancellationToken cancellationToken = default)
    {
        await WriteIfChangedAsync(Path.Combine(sweepDir, SweepLayout.PlanFile), plan.ToJson(), cancellationToken).ConfigureAwait(false);
        foreach (var run in plan.Runs)
        {
            var dir = SweepLayout.RunDir(sweepDir, run.RunId);
            Directory.CreateDirectory(dir);
            await WriteIfChangedAsync(Path.Combine(dir, RunFiles.Spec), run.Spec.ToJson(), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteIfChangedAsync(string path, string text, CancellationToken cancellationToken)
    {
        if (File.Exists(path) && await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) == text) return;
        await AtomicFile.WriteAllTextAsync(path, text, cancellationToken).ConfigureAwait(false);
    }
}
