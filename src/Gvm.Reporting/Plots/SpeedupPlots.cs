using Gvm.Core.Runs;
using Gvm.Reporting.Comparison;
using Gvm.Reporting.Curves;
using ScottPlot;

namespace Gvm.Reporting.Plots;

/// <summary>S_X against X for one pair, one line per cost axis (geometric mean over seeds), with the t interval as whiskers.</summary>
internal static class SpeedupPlots
{
    public static string Draw(PairGroup pair, IReadOnlyList<SpeedupRow> rows, string plotsDir)
    {
        var plot = PlotStyle.New($"{pair.Title}: speedup to reach T_X", "X (fraction of the baseline's gain)",
            $"speedup S_X = t({pair.BaselineName}) / t({pair.CandidateName})");
        var one = plot.Add.HorizontalLine(1.0);
        one.LinePattern = LinePattern.Dashed;
        one.Color = Colors.Gray;
        var axes = CostAxes.All;
        var drawn = 0;
        for (var a = 0; a < axes.Count; a++)
        {
            var points = rows.Where(r => r.Pair == pair.Name && r.Group == pair.Group && r.Axis == axes[a].ToName() && !double.IsNaN(r.SpeedupGeoMean))
                .OrderBy(r => r.Fraction).ToArray();
            if (points.Length == 0) continue;
            drawn++;
            var color = PlotStyle.Color(a);
            // Small horizontal offsets keep the whiskers of different axes apart.
            var offset = (a - (axes.Count - 1) / 2.0) * 0.008;
            var xs = points.Select(r => r.Fraction + offset).ToArray();
            var line = plot.Add.Scatter(xs, points.Select(r => r.SpeedupGeoMean).ToArray());
            line.Color = color;
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.LegendText = axes[a].ToLabel() + (points.Any(p => p.Bound != "exact") ? " (bounded)" : "");
            for (var i = 0; i < points.Length; i++)
            {
                if (!(points[i].SpeedupHigh > points[i].SpeedupLow)) continue;
                var whisker = plot.Add.Line(xs[i], points[i].SpeedupLow, xs[i], points[i].SpeedupHigh);
                whisker.Color = color;
                whisker.LineWidth = 1.5f;
                whisker.MarkerSize = 0;
            }
        }
        if (drawn == 0)
        {
            // Nothing to draw (no target or no complete seed): say why instead of an empty frame.
            var why = rows.FirstOrDefault(r => r.Pair == pair.Name && r.Group == pair.Group && r.Note.Length > 0)?.Note ?? "no complete seed";
            plot.Add.Annotation($"no speedup to show: {why}");
            plot.Axes.SetLimits(0.4, 1.1, 0, 2);
        }
        var fractions = rows.Where(r => r.Pair == pair.Name && r.Group == pair.Group).Select(r => r.Fraction).Distinct().Order().ToArray();
        if (fractions.Length > 0)
            plot.Axes.Bottom.SetTicks(fractions, fractions.Select(f => f.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        // Outside the data area: the points sit anywhere between 0 and the top. An empty legend panel breaks
        // ScottPlot's layout (the whole PNG comes out blank), so it is shown only with items.
        if (drawn > 0) plot.ShowLegend(Edge.Right);
        var path = Path.Combine(plotsDir, $"speedup_{PlotStyle.Slug(pair.Title)}.png");
        PlotStyle.Save(plot, path);
        return path;
    }
}
