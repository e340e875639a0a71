namespace Gvm.Orchestration.Launchers.Docker;

/// <summary>Turns engine error messages into messages that say what to fix.</summary>
public static class DockerErrors
{
    /// <summary>Explains a failed create/start of <paramref name="image"/>; the engine's own text is kept at the end.</summary>
    public static string ExplainStart(string engineMessage, string image, IReadOnlyList<int> gpus)
    {
        var m = engineMessage.Trim();
        if (m.Contains("could not select device driver", StringComparison.OrdinalIgnoreCase))
        {
            return $"GPUs {string.Join(",", gpus)} were requested but this host has no NVIDIA container runtime " +
                   "(install nvidia-container-toolkit and restart dockerd, or run on a GPU host); engine: " + m;
        }
        if (m.Contains("No such image", StringComparison.OrdinalIgnoreCase))
            return $"image '{image}' is not on this engine (build it with `dotnet cake --target=Image`; no registry is pulled); engine: {m}";
        if (m.Contains("network", StringComparison.OrdinalIgnoreCase) && m.Contains("not found", StringComparison.OrdinalIgnoreCase))
            return $"the container network does not exist on this engine (GVM_DOCKER_NETWORK: none or host); engine: {m}";
        return $"cannot start a container from '{image}': {m}";
    }

    /// <summary>Hint for an unreachable engine.</summary>
    public static string ExplainUnreachable(Uri endpoint, string message) =>
        $"the Docker engine at {endpoint} does not answer ({message}); start dockerd or set DOCKER_HOST";
}
