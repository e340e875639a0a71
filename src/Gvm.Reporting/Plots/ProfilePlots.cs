using Gvm.Core.Runs;
using Gvm.Core.Runs.Files;
using Gvm.Reporting.Comparison;
using Gvm.Reporting.Inputs;
using Gvm.Reporting.Profiles;
using ScottPlot;

namespace Gvm.Reporting.Plots;

/// <summary>
/// Where the budget goes and how hard the prompts are: the GVM candidate's share of the stage-2 budget per difficulty
/// level over time (allocations.jsonl), and per algorithm the histogram of per-prompt pass rates in the first steps and
/// later windows (pass_rates.jsonl). Runs without those files (or without levels) get no plot.
/// </summary>
internal static class ProfilePlots
{
    public static IReadOnlyList<PlotFile> Draw(PairGroup pair, string plotsDir)
    {
        var files = new List<PlotFile>();
        var seeds = pair.Seeds.Where(s => s.Complete).ToArray();
        if (LevelShares(pair, seeds, plotsDir) is { } share) files.Add(share);
        foreach (var (arm, runs) in new[] { (pair.BaselineName, seeds.Select(s => s.Baseline!)), (pair.CandidateName, seeds.Select(s => s.Candidate!)) })
        {
            var records = runs.SelectMany(r => r.PassRates).ToArray();
            if (Difficulty(pair, arm, records, seeds.Length, plotsDir) is { } histogram) files.Add(histogram);
        }
        return files;
    }

    private static PlotFile? LevelShares(PairGroup pair, PairSeed[] seeds, string plotsDir)
    {
        var gvm = LevelShare.MeanOverRuns(seeds.Select(s => LevelShare.FromAllocations(s.Candidate!.Allocations)).ToArray());
        if (gvm.Count == 0) return null;
        var reference = LevelShare.MeanOverRuns(seeds.Select(s => LevelShare.FromPassRates(s.Baseline!.PassRates)).ToArray());
        var plot = PlotStyle.New($"{pair.Title}: share of the stage-2 budget per difficulty level",
            "trainer step", "share of stage-2 samples");
        var levels = gvm.SelectMany(p => p.Shares.Keys).Concat(reference.SelectMany(p => p.Shares.Keys)).Distinct().Order().ToArray();
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            var color = PlotStyle.Color(i);
            var line = plot.Add.Scatter(gvm.Select(p => (double)p.Step).ToArray(), gvm.Select(p => p.Shares.GetValueOrDefault(level)).ToArray());
            line.Color = color;
            line.LineWidth = 2.5f;
            line.MarkerSize = 6;
            line.LegendText = $"level {level}: {pair.CandidateName}";
            if (reference.Count == 0) continue;
            var dashed = plot.Add.Scatter(reference.Select(p => (double)p.Step).ToArray(), reference.Select(p => p.Shares.GetValueOrDefault(level)).ToArray());
            dashed.Color = color.WithAlpha(0.7);
            dashed.LineWidth = 1.5f;
            dashed.LinePattern = LinePattern.Dashed;
            dashed.MarkerSize = 0;
            dashed.LegendText = $"level {level}: {pair.BaselineName}";
        }
        var top = gvm.Concat(reference).SelectMany(p => p.Shares.Values).DefaultIfEmpty(0).Max();
        plot.Axes.SetLimitsY(0, Math.Min(1.02, top * 1.2 + 0.05));
        plot.ShowLegend(Edge.Right);
        var path = Path.Combine(plotsDir, $"level_share_{PlotStyle.Slug(pair.Title)}.png");
        PlotStyle.Save(plot, path);
        var note = seeds.Length > 1 ? $"mean of {seeds.Length} seeds" : "1 seed";
        return new PlotFile(path, $"{pair.Title}: share of the stage-2 budget per level ({pair.CandidateName} from allocations.jsonl, " +
            $"{(reference.Count > 0 ? $"{pair.BaselineName} dashed from pass_rates.jsonl, " : "")}{note})");
    }

    private static PlotFile? Difficulty(PairGroup pair, string arm, PassRateRecord[] records, int seeds, string plotsDir)
    {
        var windows = DifficultyProfile.Windows(records);
        if (windows.Count == 0) return null;
        var plot = PlotStyle.New($"{pair.Title}: {arm} per-prompt pass rates in stage 2", "pass rate a/n of a prompt at one step", "share of sampled prompts");
        var bins = DifficultyProfile.BinLabels.Count;
        var width = 0.8 / windows.Count;
        for (var w = 0; w < windows.Count; w++)
        {
            var window = windows[w];
            var positions = Enumerable.Range(0, bins).Select(b => b + (w - (windows.Count - 1) / 2.0) * width).ToArray();
            var bars = plot.Add.Bars(positions, window.Shares);
            bars.Color = PlotStyle.Color(w);
            foreach (var bar in bars.Bars) bar.Size = width;
            bars.LegendText = $"{(w == 0 ? "first steps" : "steps")} {window.FromStep}–{window.ToStep} ({window.Prompts} prompt-steps)";
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, bins).Select(b => (double)b).ToArray(), DifficultyProfile.BinLabels.ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Edge.Right);
        var path = Path.Combine(plotsDir, $"pass_rates_{PlotStyle.Slug(arm + "_" + pair.Title)}.png");
        PlotStyle.Save(plot, path);
        return new PlotFile(path, $"{pair.Title}: {arm} histogram of per-prompt pass rates a/n, first steps and later windows (pass_rates.jsonl, {seeds} seed(s) pooled)");
    }
}
