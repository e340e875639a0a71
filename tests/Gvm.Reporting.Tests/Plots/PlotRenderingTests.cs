using Gvm.Core.Runs;
using Gvm.Reporting.Tests.Synthetic;

namespace Gvm.Reporting.Tests.Plots;

public sealed class PlotRenderingTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("gvm-plots-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task Every_plot_shows_something_even_when_there_is_no_speedup()
    {
        // A baseline that never improves has no target: the speedup plot must say so, not come out blank.
        var runs = new SyntheticRun[]
        {
            new("a", Algorithm.Grpo, 1, CurveShape.Flat),
            new("b", Algorithm.GvmGrpo, 1, CurveShape.Baseline),
            new("c", Algorithm.RaftPlusPlus, 1, CurveShape.Baseline),
            new("d", Algorithm.GvmRaftPlusPlus, 1, CurveShape.Compressed2x),
        };
        SyntheticSweep.Write(_dir.FullName, runs, [(0, 1), (2, 3)]);
        var result = await SweepReporter.RunAsync(_dir.FullName, new ReportOptions());
        var pngs = result.Files.Where(f => f.EndsWith(".png", StringComparison.Ordinal)).ToArray();
        // Per pair: accuracy (steps, tokens), speedup, 5 training curves, level share, 2 pass-rate histograms; 3 per GVM run.
        Assert.Equal(2 * 11 + 2 * 3, pngs.Length);
        foreach (var png in pngs) PngAssert.NotBlank(png);
    }
}
