using Gvm.Core.IO;
using Gvm.Core.Runs;
using ScottPlot;

namespace Gvm.Training.Study;

/// <summary>
/// The study's PNGs: cosine to g* per estimator with 95% intervals (one marker per shard), measured against predicted
/// variance ratios, and n_i against p_i for one GVM draw. Rendered in memory and renamed into place (as the report's
/// plots, src/Gvm.Reporting/Plots; that code is internal to Gvm.Reporting, so the few lines of style are repeated here).
/// </summary>
public static class StudyPlots
{
    public const string CosineFile = "cosine.png", RatioFile = "variance_ratio.png", AllocationFile = "allocation_n_vs_p.png";
    private const int Width = 1200, Height = 660;

    public static IReadOnlyList<string> Draw(StudyResult result, string directory) =>
    [
        Cosines(result, Path.Combine(directory, CosineFile)),
        Ratios(result, Path.Combine(directory, RatioFile)),
        Allocation(result, Path.Combine(directory, AllocationFile)),
    ];

    private static (Algorithm Algorithm, StudyAllocation Allocation)[] Estimators() =>
        StudyEstimators.Algorithms.SelectMany(a => StudyEstimators.Allocations.Select(l => (a, l))).ToArray();

    private static string Cosines(StudyResult result, string path)
    {
        var plot = New("Cosine of one step's gradient to the reference g* (95% t-interval over draws)", "estimator", "cosine to g*");
        var estimators = Estimators();
        var shards = result.Options.Shards;
        for (var s = 0; s < shards; s++)
        {
            var offset = shards == 1 ? 0 : (s - (shards - 1) / 2.0) * 0.5 / shards;
            var rows = estimators.Select(e => result.Rows.FirstOrDefault(r => r.Shard == s && r.Algorithm == e.Algorithm.ToName() && r.Allocation == e.Allocation.ToName())).ToArray();
            var xs = Enumerable.Range(0, estimators.Length).Select(i => i + offset).ToArray();
            var ys = rows.Select(r => r?.CosineMean ?? double.NaN).ToArray();
            var points = plot.Add.ScatterPoints(xs, ys);
            points.Color = Color(s);
            points.MarkerSize = 8;
            points.LegendText = $"shard {s}";
            for (var i = 0; i < rows.Length; i++)
            {
                if (rows[i] is not { } r || !(r.CosineHi > r.CosineLo)) continue;
                var whisker = plot.Add.Line(xs[i], r.CosineLo, xs[i], r.CosineHi);
                whisker.Color = Color(s);
                whisker.LineWidth = 1.5f;
                whisker.MarkerSize = 0;
            }
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, estimators.Length).Select(i => (double)i).ToArray(),
            estimators.Select(e => StudyEstimators.Label(e.Algorithm, e.Allocation)).ToArray());
        plot.ShowLegend(Edge.Right);
        return Save(plot, path);
    }

    private static string Ratios(StudyResult result, string path)
    {
        var plot = New("Variance ratio V(uniform)/V(estimator): measured (relative variance) against the paper's proxy",
            "predicted ratio (variance proxy)", "measured ratio (relative variance)");
        var others = result.Rows.Where(r => r.Allocation != StudyAllocation.Uniform.ToName()
                                            && double.IsFinite(r.MeasuredVarianceRatio) && double.IsFinite(r.PredictedVarianceRatio)).ToArray();
        var all = others.SelectMany(r => new[] { r.PredictedVarianceRatio, r.MeasuredVarianceRatio }).DefaultIfEmpty(1).ToArray();
        var lo = Math.Min(0.5, all.Min() * 0.9);
        var hi = Math.Max(2, all.Max() * 1.1);
        var diagonal = plot.Add.Line(lo, lo, hi, hi);
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.Color = Colors.Gray;
        diagonal.LegendText = "measured = predicted";
        var one = plot.Add.HorizontalLine(1.0);
        one.LinePattern = LinePattern.Dotted;
        one.Color = Colors.Gray;
        var k = 0;
        foreach (var g in others.GroupBy(r => (r.Algorithm, r.Allocation)))
        {
            var points = plot.Add.ScatterPoints(g.Select(r => r.PredictedVarianceRatio).ToArray(), g.Select(r => r.MeasuredVarianceRatio).ToArray());
            points.Color = Color(k++);
            points.MarkerSize = 9;
            points.LegendText = StudyEstimators.Label(AlgorithmNames.Parse(g.Key.Algorithm),
                StudyEstimators.Allocations.First(a => a.ToName() == g.Key.Allocation)) + " (one point per shard)";
        }
        plot.Axes.SetLimits(lo, hi, lo, hi);
        plot.ShowLegend(Edge.Right);
        return Save(plot, path);
    }

    private static string Allocation(StudyResult result, string path)
    {
        var draw = result.Allocations.Where(a => a.Shard == 0 && a.Draw == 0).ToArray();
        var plot = New("GVM allocation of one draw (shard 0, draw 0): n_i against p_i", "p_i (presampled acceptance rate)", "n_i (stage-2 samples)");
        var uniform = plot.Add.HorizontalLine(result.Settings.SamplesPerPrompt);
        uniform.LinePattern = LinePattern.Dashed;
        uniform.Color = Colors.Gray;
        uniform.LegendText = $"uniform n = {result.Settings.SamplesPerPrompt}";
        if (draw.Length > 0)
        {
            var points = plot.Add.ScatterPoints(draw.Select(a => a.AcceptRate).ToArray(), draw.Select(a => (double)a.N).ToArray());
            points.Color = Color(0).WithAlpha(0.7);
            points.MarkerSize = 8;
            points.LegendText = draw[0].UniformFallback ? "prompts (uniform fallback)" : "prompts";
        }
        plot.Axes.SetLimitsX(-0.05, 1.05);
        plot.ShowLegend(Edge.Right);
        return Save(plot, path);
    }

    private static Plot New(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title, 16);
        plot.XLabel(xLabel, 15);
        plot.YLabel(yLabel, 15);
        return plot;
    }

    private static Color Color(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    private static string Save(Plot plot, string path)
    {
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(Width, Height, ImageFormat.Png));
        return path;
    }
}
