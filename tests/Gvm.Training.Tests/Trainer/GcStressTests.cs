using Gvm.Core.Runs;
using Gvm.Training.Trainer;

namespace Gvm.Training.Tests.Trainer;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GcStressCollection
{
    public const string Name = "GC stress (alone: it collects every millisecond in this process)";
}

/// <summary>
/// TorchSharp scalars finalised while libtorch still reads them (see Gvm.Training.Model.Scalars) crash a run only when a
/// collection falls inside a native call. A background thread collecting every millisecond makes that likely: before
/// the trainer held its scalars, each of these runs failed within seconds.
/// </summary>
[Collection(GcStressCollection.Name)]
public sealed class GcStressTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gvm-gc-stress-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData(Algorithm.Sft)]
    [InlineData(Algorithm.RaftPlusPlus)]
    [InlineData(Algorithm.GvmGrpo)]
    public void A_run_with_a_checkpoint_and_a_resume_survives_a_collection_every_millisecond(Algorithm algorithm)
    {
        var spec = TrainerRunTests.Micro(algorithm, 4) with
        {
            Schedule = TrainerRunTests.Micro(algorithm, 4).Schedule with { CheckpointEvery = 1 },
        };
        var dir = Path.Combine(_root, algorithm.ToName());
        using var stop = new CancellationTokenSource();
        var collections = 0;
        var stress = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Interlocked.Increment(ref collections);
                Thread.Sleep(1);
            }
        }) { IsBackground = true };
        stress.Start();
        try
        {
            Assert.Equal(ExitCodes.Interrupted, new TrainerRun(spec, dir, TrainerRunTests.Quiet with { StopAfterSteps = 2 }).Run());
            Assert.Equal(ExitCodes.Success, new TrainerRun(spec, dir, TrainerRunTests.Quiet).Run());
        }
        finally
        {
            stop.Cancel();
            stress.Join();
        }
        Assert.True(collections > 50, $"only {collections} forced collections ran during the two starts");
        Assert.Contains("\"state\": \"succeeded\"", File.ReadAllText(Path.Combine(dir, RunFiles.Status)));
    }
}
