using Gvm.Core.Runs.Files;
using Gvm.Reporting.Inputs;
using Gvm.Reporting.Profiles;

namespace Gvm.Reporting.Tests.Profiles;

public class ProfileTests
{
    [Theory]
    [InlineData(0, 8, 0)]
    [InlineData(1, 8, 1)]   // 0.125
    [InlineData(2, 10, 1)]  // 0.2 is the closed right edge of (0, .2]
    [InlineData(3, 10, 2)]
    [InlineData(4, 8, 3)]   // 0.5
    [InlineData(7, 8, 5)]   // 0.875
    [InlineData(8, 8, 6)]
    public void Pass_rates_fall_in_their_bins(int accepted, int samples, int bin) =>
        Assert.Equal(bin, DifficultyProfile.Bin(accepted, samples));

    [Fact]
    public void Windows_split_the_steps_evenly_and_shares_sum_to_one()
    {
        // Steps 1..8, two prompts per step; early prompts never solved, late ones always.
        var records = Enumerable.Range(1, 8).SelectMany(s => new[]
        {
            new PassRateRecord { Step = s, PromptId = $"a{s}", Level = 1, Samples = 8, Accepted = s <= 4 ? 0 : 8 },
            new PassRateRecord { Step = s, PromptId = $"b{s}", Level = 2, Samples = 8, Accepted = 4 },
        }).ToArray();
        var windows = DifficultyProfile.Windows(records, 4);
        Assert.Equal([(1L, 2L), (3L, 4L), (5L, 6L), (7L, 8L)], windows.Select(w => (w.FromStep, w.ToStep)));
        foreach (var w in windows)
        {
            Assert.Equal(4, w.Prompts);
            Assert.Equal(1, w.Shares.Sum(), 12);
            Assert.Equal(0.5, w.Shares[3], 12); // a/n = 0.5
        }
        Assert.Equal(0.5, windows[0].Shares[0], 12);
        Assert.Equal(0.5, windows[3].Shares[6], 12);
        Assert.Empty(DifficultyProfile.Windows([]));
    }

    [Fact]
    public void Level_shares_of_the_budget_per_step_and_their_mean_over_seeds()
    {
        AllocationRecord A(long step, int level, int n) => new() { Step = step, PromptId = $"{step}-{level}-{n}", Level = level, N = n };
        var seed1 = LevelShare.FromAllocations([A(0, 1, 6), A(0, 2, 2), A(4, 1, 2), A(4, 2, 6), new AllocationRecord { Step = 4, N = 9 }]);
        Assert.Equal([0L, 4L], seed1.Select(p => p.Step));
        Assert.Equal(0.75, seed1[0].Shares[1], 12);
        Assert.Equal(0.75, seed1[1].Shares[2], 12);
        var seed2 = LevelShare.FromAllocations([A(0, 1, 1), A(0, 2, 1), A(8, 1, 1)]);
        var mean = LevelShare.MeanOverRuns([seed1, seed2]);
        Assert.Single(mean);
        Assert.Equal((0.75 + 0.5) / 2, mean[0].Shares[1], 12);
        foreach (var p in seed1) Assert.Equal(1, p.Shares.Values.Sum(), 12);

        var uniform = LevelShare.FromPassRates([new PassRateRecord { Step = 1, Level = 1, Samples = 8 }, new PassRateRecord { Step = 1, Level = 3, Samples = 8 }]);
        Assert.Equal(0.5, uniform[0].Shares[3], 12);
    }
}
