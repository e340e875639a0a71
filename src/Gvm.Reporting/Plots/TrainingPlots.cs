using Gvm.Core.Runs;
using Gvm.Reporting.Comparison;
using Gvm.Reporting.Curves;
using Gvm.Reporting.Inputs;
using ScottPlot;

namespace Gvm.Reporting.Plots;

/// <summary>
/// The training curves a verl/TRL user reads first, per pair with seed bands against the trainer step: reward,
/// response length, KL, entropy and clip fraction. A metric no run of the pair logs gets no plot.
/// </summary>
internal static class TrainingPlots
{
    public static readonly IReadOnlyList<(string Key, string Label, string Slug)> Metrics =
    [
        (MetricNames.RewardMean, "reward (train/reward_mean)", "reward"),
        (MetricNames.ResponseLengthMean, "response length, tokens (train/response_length_mean)", "response_length"),
        (MetricNames.Kl, "KL to the reference (train/kl)", "kl"),
        (MetricNames.Entropy, "entropy (train/entropy)", "entropy"),
        (MetricNames.ClipFraction, "clip fraction (train/clip_fraction)", "clip_fraction"),
    ];

    public static IReadOnlyList<PlotFile> Draw(PairGroup pair, string plotsDir)
    {
        var seeds = pair.Seeds.Where(s => s.Complete).ToArray();
        var files = new List<PlotFile>();
        foreach (var (key, label, slug) in Metrics)
        {
            var baseline = seeds.Select(s => MetricCurves.Build(s.Baseline!.Metrics, key)).ToArray();
            var candidate = seeds.Select(s => MetricCurves.Build(s.Candidate!.Metrics, key)).ToArray();
            if (baseline.Concat(candidate).All(c => c.IsEmpty)) continue;
            var plot = PlotStyle.New($"{pair.Title}: {label.Split(" (")[0]}", "trainer step", label);
            // One grid point per logged step (capped): per-step metrics are noisy and should not be resampled coarsely.
            var steps = baseline.Concat(candidate).Max(c => c.Count);
            if (SeedBandPlot.AddPair(plot, pair, baseline, candidate, markersForOneSeed: false, points: Math.Clamp(steps, 2, 400)) == 0) continue;
            plot.ShowLegend(Edge.Right);
            var path = Path.Combine(plotsDir, $"train_{slug}_{PlotStyle.Slug(pair.Title)}.png");
            PlotStyle.Save(plot, path);
            files.Add(new PlotFile(path, $"{pair.Title}: {label}"));
        }
        return files;
    }
}
