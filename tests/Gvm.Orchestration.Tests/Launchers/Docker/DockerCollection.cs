namespace Gvm.Orchestration.Tests.Launchers.Docker;

/// <summary>All engine tests share one private dockerd and its images.</summary>
[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerEngineFixture>
{
    public const string Name = "docker engine";
}
