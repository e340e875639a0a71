using Gvm.Core.Runs;
using Gvm.Core.Runs.Files;

namespace Gvm.Orchestration.Metrics;

/// <summary>Tolerant reads of a run's status.json and result.json (the trainer may add fields), through their codec (<see cref="StatusFile"/>).</summary>
public static class RunStatusFile
{
    public static StatusSnapshot? ReadStatus(string runDir) => StatusFile.TryRead(Path.Combine(runDir, RunFiles.Status));

    /// <summary>The state in result.json ("succeeded", ...), or null when there is none.</summary>
    public static string? ReadResultState(string runDir) => StatusFile.TryReadResultState(Path.Combine(runDir, RunFiles.Result));
}
