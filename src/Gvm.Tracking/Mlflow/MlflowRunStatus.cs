namespace Gvm.Tracking.Mlflow;

/// <summary>MLflow's RunStatus (spec §4.1); the numbers are the proto values the FileStore writes.</summary>
public enum MlflowRunStatus
{
    Running = 1,
    Scheduled = 2,
    Finished = 3,
    Failed = 4,
    Killed = 5,
}

public static class MlflowRunStatusNames
{
    public static string ToWire(this MlflowRunStatus s) => s switch
    {
        MlflowRunStatus.Running => "RUNNING",
        MlflowRunStatus.Scheduled => "SCHEDULED",
        MlflowRunStatus.Finished => "FINISHED",
        MlflowRunStatus.Failed => "FAILED",
        MlflowRunStatus.Killed => "KILLED",
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, "supported: RUNNING, SCHEDULED, FINISHED, FAILED, KILLED"),
    };

    public static MlflowRunStatus Parse(string text) => text.ToUpperInvariant() switch
    {
        "RUNNING" or "1" => MlflowRunStatus.Running,
        "SCHEDULED" or "2" => MlflowRunStatus.Scheduled,
        "FINISHED" or "3" => MlflowRunStatus.Finished,
        "FAILED" or "4" => MlflowRunStatus.Failed,
        "KILLED" or "5" => MlflowRunStatus.Killed,
        _ => throw new FormatException($"unknown MLflow run status '{text}'; supported: RUNNING, SCHEDULED, FINISHED, FAILED, KILLED"),
    };

    /// <summary>Maps the orchestrator's ledger states (succeeded, failed, cancelled, ...) to an MLflow status.</summary>
    public static MlflowRunStatus FromLedgerState(string state) => state.ToLowerInvariant() switch
    {
        "succeeded" or "success" or "finished" or "done" => MlflowRunStatus.Finished,
        "running" or "starting" => MlflowRunStatus.Running,
        "queued" or "pending" or "scheduled" => MlflowRunStatus.Scheduled,
        "cancelled" or "canceled" or "interrupted" or "killed" or "skipped" => MlflowRunStatus.Killed,
        _ => MlflowRunStatus.Failed, // failed, diverged, timeout and anything unknown: never report success by accident
    };
}
