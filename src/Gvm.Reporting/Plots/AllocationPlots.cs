using Gvm.Core.Runs;
using Gvm.Core.Runs.Files;
using Gvm.Reporting.Inputs;
using ScottPlot;

namespace Gvm.Reporting.Plots;

/// <summary>
/// GVM allocation diagnostics of one run from allocations.jsonl: the histogram of n_i, n_i against p_i (paper
/// Sec. 3: n_i ∝ G_i / sqrt(p_i + α/p_i^(β−1)) puts most samples on hard prompts), and the share of prompts with n_i = 0.
/// </summary>
internal static class AllocationPlots
{
    /// <summary>Iterations drawn in the histogram and scatter: at most this many, evenly spaced, first and last included.</summary>
    private const int ShownIterations = 4;

    public static IReadOnlyList<PlotFile> Draw(RunRecord run, string plotsDir)
    {
        var byIteration = run.Allocations.GroupBy(r => r.Iteration).OrderBy(g => g.Key).ToArray();
        if (byIteration.Length == 0) return [];
        var name = $"{run.Algorithm.ToDisplay()} seed {run.Seed}";
        var slug = PlotStyle.Slug($"{run.Planned.Name}_{run.RunId}");
        var shown = Pick(byIteration.Length).Select(i => byIteration[i]).ToArray();
        return
        [
            new(Histogram(name, shown, Path.Combine(plotsDir, $"alloc_hist_{slug}.png")), $"{name} ({run.Planned.Name}): histogram of n_i per EM iteration"),
            new(Scatter(name, shown, Path.Combine(plotsDir, $"alloc_n_vs_p_{slug}.png")), $"{name} ({run.Planned.Name}): n_i against p_i"),
            new(ZeroShare(name, byIteration, Path.Combine(plotsDir, $"alloc_zero_share_{slug}.png")), $"{name} ({run.Planned.Name}): share of prompts with n_i = 0"),
        ];
    }

    private static string Histogram(string name, IGrouping<int, AllocationRecord>[] shown, string path)
    {
        // n_i = 0 keeps its own bar (prompts GVM drops); larger n_i go into at most ~25 bins of equal width.
        var maxN = shown.SelectMany(g => g).Max(r => r.N);
        var binWidth = Math.Max(1, (int)Math.Ceiling(maxN / (double)MaxBins));
        var xLabel = binWidth == 1
            ? "n_i (stage-2 samples allocated to a prompt)"
            : $"n_i (stage-2 samples allocated to a prompt; n_i = 0 alone, then bins of {binWidth})";
        var plot = PlotStyle.New($"{name}: histogram of n_i per iteration", xLabel, "prompts");
        var width = 0.8 * binWidth / shown.Length;
        for (var k = 0; k < shown.Length; k++)
        {
            var counts = shown[k].GroupBy(r => Bin(r.N, binWidth)).OrderBy(g => g.Key).ToArray();
            var positions = counts.Select(g => BinCentre(g.Key, binWidth) + (k - (shown.Length - 1) / 2.0) * width).ToArray();
            var bars = plot.Add.Bars(positions, counts.Select(g => (double)g.Count()).ToArray());
            bars.Color = PlotStyle.Color(k);
            foreach (var bar in bars.Bars) bar.Size = width;
            bars.LegendText = $"iteration {shown[k].Key}";
        }
        plot.Axes.Margins(bottom: 0);
        PlotStyle.IntegerTicks(plot.Axes.Bottom);
        PlotStyle.IntegerTicks(plot.Axes.Left);
        plot.ShowLegend(Edge.Right);
        PlotStyle.Save(plot, path);
        return path;
    }

    private const int MaxBins = 25;

    /// <summary>Bin 0 is n = 0; bin b ≥ 1 holds n in [1 + (b − 1)·w, b·w].</summary>
    internal static int Bin(int n, int binWidth) => n == 0 ? 0 : (n - 1) / binWidth + 1;

    internal static double BinCentre(int bin, int binWidth) =>
        bin == 0 ? 0 : binWidth == 1 ? bin : (1 + (bin - 1) * binWidth + bin * binWidth) / 2.0;

    private static string Scatter(string name, IGrouping<int, AllocationRecord>[] shown, string path)
    {
        var plot = PlotStyle.New($"{name}: n_i against acceptance rate p_i", "p_i (estimated acceptance rate)", "n_i (allocated samples)");
        PlotStyle.IntegerTicks(plot.Axes.Left);
        for (var k = 0; k < shown.Length; k++)
        {
            var points = plot.Add.ScatterPoints(shown[k].Select(r => r.AcceptRate).ToArray(), shown[k].Select(r => (double)r.N).ToArray());
            points.Color = PlotStyle.Color(k).WithAlpha(0.7);
            points.MarkerSize = 6;
            points.LegendText = $"iteration {shown[k].Key}";
        }
        plot.ShowLegend(Edge.Right);
        PlotStyle.Save(plot, path);
        return path;
    }

    private static string ZeroShare(string name, IGrouping<int, AllocationRecord>[] all, string path)
    {
        var plot = PlotStyle.New($"{name}: share of prompts with n_i = 0", "EM iteration", "share of prompts with n_i = 0");
        var xs = all.Select(g => (double)g.Key).ToArray();
        var ys = all.Select(g => g.Count(r => r.N == 0) / (double)g.Count()).ToArray();
        var line = plot.Add.Scatter(xs, ys);
        line.Color = PlotStyle.Color(0);
        line.LineWidth = 2;
        line.MarkerSize = 7;
        line.LegendText = "n_i = 0 share";
        plot.Axes.SetLimitsY(0, Math.Min(1.05, Math.Max(0.05, ys.Max() * 1.2)));
        PlotStyle.IntegerTicks(plot.Axes.Bottom);
        plot.ShowLegend(Edge.Right);
        PlotStyle.Save(plot, path);
        return path;
    }

    private static IEnumerable<int> Pick(int count) =>
        count <= ShownIterations
            ? Enumerable.Range(0, count)
            : Enumerable.Range(0, ShownIterations).Select(i => (int)Math.Round(i * (count - 1) / (double)(ShownIterations - 1))).Distinct();
}
