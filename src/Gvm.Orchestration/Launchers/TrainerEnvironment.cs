using Gvm.Tracking.Mlflow;

namespace Gvm.Orchestration.Launchers;

/// <summary>
/// What a trainer's environment must not carry: tracking credentials (a trainer writes metrics.jsonl; only the
/// orchestrator talks to MLflow). MLFLOW_TRACKING_TOKEN, _USERNAME and _PASSWORD are removed, and MLFLOW_TRACKING_URI
/// loses its user-info part. Applied by every launcher: the local child's inherited environment, the Slurm client
/// commands (sbatch exports its own environment to the job by default) and the container's explicit one.
/// </summary>
public static class TrainerEnvironment
{
    public static void Scrub(IDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var name in TrackingUriText.CredentialVariables) environment.Remove(name);
        if (environment.TryGetValue(MlflowClientOptions.UriVariable, out var uri) && uri is not null)
            environment[MlflowClientOptions.UriVariable] = TrackingUriText.Redact(uri);
    }

    /// <summary>The same for an explicit environment (a container's, a batch script's exports).</summary>
    public static Dictionary<string, string> Scrubbed(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var copy = environment.ToDictionary(kv => kv.Key, kv => (string?)kv.Value, StringComparer.Ordinal);
        Scrub(copy);
        return copy.ToDictionary(kv => kv.Key, kv => kv.Value ?? "", StringComparer.Ordinal);
    }
}
