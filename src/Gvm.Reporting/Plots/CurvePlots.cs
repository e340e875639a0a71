using Gvm.Core.Runs;
using Gvm.Reporting.Comparison;
using Gvm.Reporting.Curves;
using ScottPlot;

namespace Gvm.Reporting.Plots;

/// <summary>Accuracy against a cost axis for one declared pair: mean over seeds with a min–max seed band.</summary>
internal static class CurvePlots
{
    public static string Draw(PairGroup pair, CostAxis axis, string plotsDir)
    {
        var seeds = pair.Seeds.Where(s => s.Complete).ToArray();
        var plot = PlotStyle.New($"{pair.Title}: accuracy vs {axis.ToName().Replace('_', ' ')}", axis.ToLabel(), "eval accuracy (average)");
        var series = new[]
        {
            (pair.Baseline, seeds.Select(s => EvalCurves.Build(s.Baseline!.Metrics, Benchmarks.Average, axis)).ToArray()),
            (pair.Candidate, seeds.Select(s => EvalCurves.Build(s.Candidate!.Metrics, Benchmarks.Average, axis)).ToArray()),
        };
        var drawn = 0;
        for (var i = 0; i < series.Length; i++)
        {
            var (algorithm, curves) = series[i];
            var band = SeedBands.Of(curves);
            if (band.X.Length == 0) continue;
            var color = PlotStyle.Color(i);
            if (curves.Length > 1)
            {
                var fill = plot.Add.FillY(band.X, band.Low, band.High);
                fill.FillColor = color.WithAlpha(0.2);
                fill.LineColor = color.WithAlpha(0.0);
                fill.LegendText = $"{algorithm.ToDisplay()} seed range";
            }
            var line = plot.Add.Scatter(band.X, band.Mean);
            line.Color = color;
            line.LineWidth = 2.5f;
            line.MarkerSize = curves.Length > 1 ? 0 : 6;
            line.LegendText = curves.Length > 1 ? $"{algorithm.ToDisplay()} mean of {curves.Length} seeds" : $"{algorithm.ToDisplay()} (1 seed)";
            drawn++;
        }
        if (drawn == 0)
        {
            plot.Add.Annotation($"no complete seed logs {axis.MetricKey() ?? "eval accuracy"}");
            plot.Axes.SetLimits(0, 1, 0, 1);
        }
        // An empty legend panel breaks ScottPlot's layout (the whole PNG comes out blank): only show one with items.
        if (drawn > 0) plot.ShowLegend(Edge.Right);
        var path = Path.Combine(plotsDir, $"accuracy_{axis.ToName()}_{PlotStyle.Slug(pair.Title)}.png");
        PlotStyle.Save(plot, path);
        return path;
    }
}
