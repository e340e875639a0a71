using System.Globalization;
using Gvm.Core.Runs;
using Gvm.Reporting.Comparison;
using Gvm.Reporting.Curves;
using ScottPlot;

namespace Gvm.Reporting.Plots;

/// <summary>The reference lines of an accuracy plot: the warm start and the targets T_X (means over seeds).</summary>
public sealed record AccuracyGuides(double WarmStart, IReadOnlyList<(double Fraction, double Target)> Targets)
{
    public static readonly AccuracyGuides None = new(double.NaN, []);
}

/// <summary>Accuracy against a cost axis for one declared pair: mean over seeds with a min–max seed band, warm start and T_X lines.</summary>
internal static class CurvePlots
{
    public static string Draw(PairGroup pair, CostAxis axis, AccuracyGuides guides, string plotsDir)
    {
        var seeds = pair.Seeds.Where(s => s.Complete).ToArray();
        var plot = PlotStyle.New($"{pair.Title}: accuracy vs {axis.ToName().Replace('_', ' ')}", axis.ToLabel(), "eval accuracy (average)");
        var drawn = SeedBandPlot.AddPair(plot, pair,
            seeds.Select(s => EvalCurves.Build(s.Baseline!.Metrics, Benchmarks.Average, axis)).ToArray(),
            seeds.Select(s => EvalCurves.Build(s.Candidate!.Metrics, Benchmarks.Average, axis)).ToArray(), markersForOneSeed: true);
        if (drawn == 0)
        {
            plot.Add.Annotation($"no complete seed logs {axis.MetricKey() ?? "eval accuracy"}");
            plot.Axes.SetLimits(0, 1, 0, 1);
        }
        else AddGuides(plot, guides, pair.Seeds.Where(s => s.Complete).Select(s => EvalCurves.Build(s.Baseline!.Metrics, Benchmarks.Average, axis))
            .Where(c => !c.IsEmpty).Select(c => c.X[0]).DefaultIfEmpty(0).Min());
        // An empty legend panel breaks ScottPlot's layout (the whole PNG comes out blank): only show one with items.
        if (drawn > 0) plot.ShowLegend(Edge.Right);
        var path = Path.Combine(plotsDir, $"accuracy_{axis.ToName()}_{PlotStyle.Slug(pair.Title)}.png");
        PlotStyle.Save(plot, path);
        return path;
    }

    /// <summary>Dotted warm-start line and dashed T_X lines, each labelled at the left end (<paramref name="left"/>).</summary>
    private static void AddGuides(Plot plot, AccuracyGuides guides, double left)
    {
        if (double.IsFinite(guides.WarmStart))
        {
            var warm = plot.Add.HorizontalLine(guides.WarmStart);
            warm.Color = Colors.Black.WithAlpha(0.6);
            warm.LinePattern = LinePattern.Dotted;
            warm.LineWidth = 1.5f;
            warm.LegendText = $"warm start {guides.WarmStart.ToString("0.000", CultureInfo.InvariantCulture)}";
        }
        foreach (var (fraction, target) in guides.Targets.Where(t => double.IsFinite(t.Target)))
        {
            var line = plot.Add.HorizontalLine(target);
            line.Color = Colors.Gray.WithAlpha(0.8);
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 1;
            var name = $"T_{fraction.ToString("0.##", CultureInfo.InvariantCulture)}";
            line.LegendText = $"{name} = {target.ToString("0.000", CultureInfo.InvariantCulture)}";
            var label = plot.Add.Text(name, left, target);
            label.LabelFontSize = 12;
            label.LabelFontColor = Colors.DimGray;
            label.LabelAlignment = Alignment.LowerLeft;
        }
    }
}

/// <summary>Baseline and candidate as mean lines over seeds with shaded min–max seed bands (shared by accuracy and training plots).</summary>
internal static class SeedBandPlot
{
    /// <summary>Adds both algorithms' bands; returns how many were drawn.</summary>
    public static int AddPair(Plot plot, PairGroup pair, Curve[] baseline, Curve[] candidate, bool markersForOneSeed, int points = 60)
    {
        var series = new[] { (pair.BaselineName, baseline), (pair.CandidateName, candidate) };
        var drawn = 0;
        for (var i = 0; i < series.Length; i++)
        {
            var (arm, curves) = series[i];
            var used = curves.Where(c => !c.IsEmpty).ToArray();
            var band = SeedBands.Of(used, points);
            if (band.X.Length == 0) continue;
            var color = PlotStyle.Color(i);
            if (used.Length > 1)
            {
                var fill = plot.Add.FillY(band.X, band.Low, band.High);
                fill.FillColor = color.WithAlpha(0.2);
                fill.LineColor = color.WithAlpha(0.0);
                fill.LegendText = $"{arm} seed range";
            }
            var line = plot.Add.Scatter(band.X, band.Mean);
            line.Color = color;
            line.LineWidth = 2.5f;
            line.MarkerSize = used.Length == 1 && markersForOneSeed ? 6 : 0;
            line.LegendText = used.Length > 1 ? $"{arm} mean of {used.Length} seeds" : $"{arm} (1 seed)";
            drawn++;
        }
        return drawn;
    }
}
