using Gvm.Core.Sweeps;

namespace Gvm.Reporting.Inputs;

/// <summary>A sweep's plan and its runs, keyed by run id.</summary>
public sealed record SweepData(string Directory, SweepPlan Plan, IReadOnlyDictionary<string, RunRecord> Runs)
{
    public RunRecord? Find(string runId) => Runs.TryGetValue(runId, out var r) ? r : null;
}
