namespace Gvm.Orchestration.Tests.Launchers.Docker;

/// <summary>
/// A test that needs a real Docker engine (started privately by <see cref="DockerEngineFixture"/>). Skipped, with the
/// reason, only where one cannot be had: not Linux, not root (dockerd needs root), or dockerd missing and no apt-get.
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (DockerEngineFixture.ImpossibleReason() is { } reason) Skip = reason;
    }
}
