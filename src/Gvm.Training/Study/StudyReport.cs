using System.Globalization;
using System.Text;
using System.Text.Json;
using Gvm.Core;
using Gvm.Core.IO;
using Gvm.Core.Runs;

namespace Gvm.Training.Study;

/// <summary>
/// Writes a study's files into a directory: study.json (one object per estimator and shard, <see cref="StudyRow"/>),
/// study.md (tables and the verdict), references.json, settings.json, allocations.jsonl (every GVM draw's n_i, p_i,
/// G_i) and the PNG plots (<see cref="StudyPlots"/>). Each file is written whole and renamed into place.
/// </summary>
public static class StudyReport
{
    public const string JsonFile = "study.json", MarkdownFile = "study.md", ReferencesFile = "references.json",
        SettingsFile = "settings.json", AllocationsFile = "allocations.jsonl";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes every file and returns their paths.</summary>
    public static IReadOnlyList<string> Write(StudyResult result, string directory, string rerun)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        string Put(string name, string text)
        {
            var path = Path.Combine(directory, name);
            AtomicFile.WriteAllText(path, text);
            files.Add(path);
            return path;
        }
        Put(JsonFile, JsonSerializer.Serialize(result.Rows, GvmJson.Options));
        Put(ReferencesFile, JsonSerializer.Serialize(result.References, GvmJson.Options));
        Put(SettingsFile, JsonSerializer.Serialize(new { result.Options, result.Settings, result.Seconds, Rerun = rerun }, GvmJson.Options));
        Put(AllocationsFile, string.Concat(result.Allocations.Select(a => JsonSerializer.Serialize(a, GvmJson.Line) + "\n")));
        var plots = StudyPlots.Draw(result, directory);
        files.AddRange(plots);
        Put(MarkdownFile, Markdown(result, rerun, plots.Select(Path.GetFileName).ToArray()!));
        return files;
    }

    /// <summary>Summary metrics for a grid run's metrics.jsonl/result.json: study/{algorithm}/{allocation}/{name},
    /// means over shards (cosine_mean, rel_variance as a geometric mean, predicted_variance_ratio, rollouts); finite values only.</summary>
    public static Dictionary<string, double> Metrics(StudyResult result)
    {
        var m = new Dictionary<string, double>();
        foreach (var g in result.Rows.GroupBy(r => $"study/{r.Algorithm}/{r.Allocation}"))
        {
            m[$"{g.Key}/cosine_mean"] = g.Average(r => r.CosineMean);
            m[$"{g.Key}/rel_variance"] = Math.Exp(g.Average(r => Math.Log(r.RelVariance)));
            m[$"{g.Key}/predicted_variance_ratio"] = g.Average(r => r.PredictedVarianceRatio);
            m[$"{g.Key}/rollouts"] = g.Average(r => r.Rollouts);
        }
        m["study/reference_split_half_cosine"] = result.References.Average(r => r.SplitHalfCosine);
        // Non-finite values (a zero reference or gradient) stay in study.json only: metric readers expect numbers.
        foreach (var key in m.Where(kv => !double.IsFinite(kv.Value)).Select(kv => kv.Key).ToArray()) m.Remove(key);
        m["study/seconds"] = result.Seconds;
        return m;
    }

    public static string Markdown(StudyResult result, string rerun, IReadOnlyList<string> plots)
    {
        var o = result.Options;
        var s = result.Settings;
        var sb = new StringBuilder();
        sb.Append("# Variance study\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Checkpoint `{s.Checkpoint}` ({s.Parameters:N0} parameters, task {s.Task}, {s.Device}, {s.Threads} thread(s)). ");
        sb.Append(CultureInfo.InvariantCulture, $"{o.Shards} disjoint shard(s) of {o.Prompts} train prompts (seed {o.Seed}); reference g*: {o.ReferenceSamples} samples per prompt, ");
        sb.Append(CultureInfo.InvariantCulture, $"leave-one-out REINFORCE over all parameters; {o.Repeats} draws per estimator and shard. n = {s.SamplesPerPrompt} per prompt, N' = {s.Presamples} presamples, ");
        sb.Append(CultureInfo.InvariantCulture, $"α = {s.Alpha}, β = {s.Beta}, temperature {s.Temperature}, max {s.MaxNewTokens} new tokens, clip {s.ClipLow}/{s.ClipHigh}, GRPO std normalisation {(s.NormalizeByStd ? "on" : "off")}. ");
        sb.Append(CultureInfo.InvariantCulture, $"Wall time {result.Seconds:F0} s (the shards' measuring time");
        if (result.KeptShards > 0) sb.Append(CultureInfo.InvariantCulture, $"; {result.KeptShards} shard(s) read back from {StudyShardStore.Directory}/, measured by an earlier run");
        sb.Append(").\n\n");
        sb.Append("Each draw's gradient is −∇ of the trainer's loss (clipped surrogate at ratio 1, token-mean, the draw as one mini-batch) over all parameters; ");
        sb.Append("the KL term is left out because its gradient is zero at the checkpoint (reference = policy). RAFT++ and GRPO use the same draws.\n\n");
        sb.Append("## Verdict\n\n").Append(StudyVerdict.Write(result)).Append("\n\n");

        sb.Append("## Pooled over shards\n\n");
        sb.Append("| estimator | cosine to g* | corrected cosine | cos(mean ĝ, g*) | rel. variance (geo. mean) | measured ratio | predicted ratio | nMSE | rollouts/draw | s/draw (sampling + gradient) |\n");
        sb.Append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var g in result.Rows.GroupBy(r => (r.Algorithm, r.Allocation)))
        {
            var label = StudyEstimators.Label(AlgorithmNames.Parse(g.Key.Algorithm), Allocation(g.Key.Allocation));
            var cos = StudyStatistics.PooledMean(result.CosinesByEstimator[StudyResult.Key(g.Key.Algorithm, g.Key.Allocation)]);
            var correction = g.Average(r => r.ReferenceCosineToTruth);
            sb.Append(CultureInfo.InvariantCulture, $"| {label} | {StudyVerdict.FI(cos)} | {StudyVerdict.F(cos.Mean / correction)} | {StudyVerdict.F(g.Average(r => r.MeanGradientCosine))} | ")
              .Append(CultureInfo.InvariantCulture, $"{G(Math.Exp(g.Average(r => Math.Log(r.RelVariance))))} | {StudyVerdict.F(Math.Exp(g.Average(r => Math.Log(r.MeasuredVarianceRatio))))} | ")
              .Append(CultureInfo.InvariantCulture, $"{StudyVerdict.F(g.Average(r => r.PredictedVarianceRatio))} | {StudyVerdict.F(g.Average(r => r.Nmse))} | {g.Average(r => r.Rollouts):F0} | {g.Average(r => r.Seconds):F1} ({g.Average(r => r.SampleSeconds):F1} + {g.Average(r => r.GradientSeconds):F1}) |\n");
        }
        sb.Append("\nmeasured ratio = rel. variance(uniform) / rel. variance(estimator), same algorithm (geometric mean over shards); predicted ratio = ");
        sb.Append("V(uniform)/V(estimator) by the paper's proxy Σ G_i²/((p_i + α/p_i^(β−1))·n_i) (GVM: the realised allocation, as gvm/variance_ratio_pred; n+N': (n+N')/n).\n\n");

        sb.Append("## Per shard\n\n");
        sb.Append("| shard | estimator | cosine to g* (95% CI) | corrected | rel. variance | rel. variance (unit ĝ) | measured ratio | predicted ratio | nMSE | rollouts | presamples | n_i = 0 prompts | fallbacks | s/draw |\n");
        sb.Append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var r in result.Rows.OrderBy(r => r.Shard))
        {
            var label = StudyEstimators.Label(AlgorithmNames.Parse(r.Algorithm), Allocation(r.Allocation));
            sb.Append(CultureInfo.InvariantCulture, $"| {r.Shard} | {label} | {StudyVerdict.F(r.CosineMean)} [{StudyVerdict.F(r.CosineLo)}, {StudyVerdict.F(r.CosineHi)}] | {StudyVerdict.F(r.CosineCorrectedMean)} | ")
              .Append(CultureInfo.InvariantCulture, $"{G(r.RelVariance)} | {G(r.RelVarianceUnit)} | {StudyVerdict.F(r.MeasuredVarianceRatio)} | {StudyVerdict.F(r.PredictedVarianceRatio)} | {StudyVerdict.F(r.Nmse)} | ")
              .Append(CultureInfo.InvariantCulture, $"{r.Rollouts:F0} | {r.PresampleRollouts:F0} | {(r.Allocation == "gvm" ? r.ZeroAllocPrompts.ToString("F1", Inv) : "–")} | {(r.Allocation == "gvm" ? r.UniformFallbackDraws.ToString(Inv) : "–")} | {r.Seconds:F1} |\n");
        }

        sb.Append("\n## Reference gradients\n\n| shard | samples/prompt | mean reward | ‖g*‖ | split-half cosine | cos(g*, true ∇J) est. | s |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var r in result.References)
            sb.Append(CultureInfo.InvariantCulture, $"| {r.Shard} | {r.SamplesPerPrompt} | {StudyVerdict.F(r.RewardMean)} | {G(r.Norm)} | {StudyVerdict.F(r.SplitHalfCosine)} | {StudyVerdict.F(r.CosineToTruth)} | {r.Seconds:F1} |\n");

        sb.Append("\n## Plots\n\n");
        foreach (var p in plots) sb.Append("![").Append(p).Append("](").Append(p).Append(")\n");
        sb.Append("\n## Rerun\n\n```bash\n").Append(rerun).Append("\n```\n");
        return sb.ToString();
    }

    private static StudyAllocation Allocation(string name) =>
        StudyEstimators.Allocations.First(a => a.ToName() == name);

    private static string G(double v) => double.IsFinite(v) ? v.ToString("G4", Inv) : "n/a";
}
