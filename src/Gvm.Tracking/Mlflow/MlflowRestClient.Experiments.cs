namespace Gvm.Tracking.Mlflow;

public sealed partial class MlflowRestClient
{
    /// <summary>experiments/get-by-name; null when no experiment (active or deleted) has that name.</summary>
    public async Task<MlflowExperiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        try
        {
            var root = await GetAsync("experiments/get-by-name", [("experiment_name", name)], cancellationToken).ConfigureAwait(false);
            return MlflowWire.ParseExperiment(root.GetProperty("experiment"));
        }
        catch (MlflowException e) when (e.StatusCode == 404)
        {
            return null;
        }
    }

    public async Task<MlflowExperiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        var root = await GetAsync("experiments/get", [("experiment_id", experimentId)], cancellationToken).ConfigureAwait(false);
        return MlflowWire.ParseExperiment(root.GetProperty("experiment"));
    }

    /// <summary>experiments/create; returns the new id. A taken name is 400 RESOURCE_ALREADY_EXISTS (not 409).</summary>
    public async Task<string> CreateExperimentAsync(string name, string? artifactLocation = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var root = await PostAsync("experiments/create", w =>
        {
            w.WriteString("name", name);
            if (artifactLocation is not null) w.WriteString("artifact_location", artifactLocation);
        }, cancellationToken).ConfigureAwait(false);
        return MlflowWire.String(root, "experiment_id") ?? throw new MlflowException("experiments/create", 200, null, "response has no experiment_id");
    }

    /// <summary>
    /// get-by-name → create on absence → get-by-name again when a concurrent creator won the race (spec §9). A deleted
    /// experiment of that name is an error: its name stays reserved until <c>mlflow gc</c>, and silently creating a
    /// renamed twin would scatter a sweep over two experiments.
    /// </summary>
    public async Task<MlflowExperiment> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        var found = await GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            try
            {
                var id = await CreateExperimentAsync(name, null, cancellationToken).ConfigureAwait(false);
                return await GetExperimentAsync(id, cancellationToken).ConfigureAwait(false);
            }
            catch (MlflowException e) when (e.ErrorCode == "RESOURCE_ALREADY_EXISTS")
            {
                found = await GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false)
                    ?? throw new MlflowException("experiments/get-by-name", 404, "RESOURCE_DOES_NOT_EXIST",
                        $"experiment '{name}' was reported as existing but cannot be found", e);
                Log.ExperimentRace(_logger, name, found.ExperimentId);
            }
        }
        if (found.IsDeleted)
            throw new MlflowException("experiments/get-by-name", 400, "RESOURCE_ALREADY_EXISTS",
                $"experiment '{name}' (id {found.ExperimentId}) is deleted; restore it in the MLflow UI or purge it with 'mlflow gc'");
        return found;
    }

    public Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken = default) =>
        PostAsync("experiments/set-experiment-tag", w =>
        {
            w.WriteString("experiment_id", experimentId);
            w.WriteString("key", key);
            w.WriteString("value", value);
        }, cancellationToken);
}
