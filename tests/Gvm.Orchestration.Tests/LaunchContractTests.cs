using Gvm.Core.Sweeps;

namespace Gvm.Orchestration.Tests;

public class LaunchContractTests
{
    [Fact]
    public void Run_directories_live_under_runs()
    {
        Assert.Equal(Path.Combine("/s", "runs", "abc"), SweepLayout.RunDir("/s", "abc"));
    }
}
