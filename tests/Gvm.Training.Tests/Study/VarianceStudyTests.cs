using System.Text.Json;
using Gvm.Core.Runs;
using Gvm.Training.Study;
using TorchSharp;

namespace Gvm.Training.Tests.Study;

/// <summary>The whole study on the toy task with the micro model: rows, costs, determinism, files and native memory.</summary>
public class VarianceStudyTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gvm-study-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static RunSpec Spec() => new()
    {
        Name = "study-toy", Seed = 3, Threads = 1, Model = new ModelOptions { Preset = "micro" },
        Sampling = new SamplingOptions { SamplesPerPrompt = 4, Presamples = 2, MaxNewTokens = 2 },
    };

    private static readonly VarianceStudyOptions Options = new() { Shards = 2, Prompts = 6, ReferenceSamples = 8, Repeats = 3, Seed = 5 };

    private static StudyResult Run(out StudyToyTask task)
    {
        torch.set_num_threads(1);
        var spec = Spec();
        task = new StudyToyTask(spec);
        using var policy = task.CreateModel();
        return new VarianceStudy(spec, task, policy, Options).Run();
    }

    [Fact]
    public void One_row_per_estimator_and_shard_with_the_rollouts_each_allocation_spends()
    {
        var result = Run(out _);
        Assert.Equal(12, result.Rows.Count);
        Assert.Equal(12, result.Rows.Select(r => (r.Algorithm, r.Allocation, r.Shard)).Distinct().Count());
        Assert.Equal(["grpo", "raft_pp"], result.Rows.Select(r => r.Algorithm).Distinct().Order());
        Assert.Equal(["gvm", "uniform", "uniform_equal_rollouts"], result.Rows.Select(r => r.Allocation).Distinct().Order());
        const int m = 6, n = 4, presamples = 2;
        foreach (var r in result.Rows)
        {
            Assert.Equal(3, r.Draws);
            var (rollouts, stage1, predicted) = r.Allocation switch
            {
                "uniform" => (m * n, 0, 1.0),
                "gvm" => (m * presamples + m * n, m * presamples, r.PredictedVarianceRatio), // the stage-2 budget is m·n
                _ => (m * (n + presamples), 0, (n + presamples) / (double)n),
            };
            Assert.Equal(rollouts, r.Rollouts);
            Assert.Equal(stage1, r.PresampleRollouts);
            Assert.Equal(predicted, r.PredictedVarianceRatio, 12);
            Assert.InRange(r.CosineMean, -1, 1);
            Assert.True(r.CosineLo <= r.CosineMean && r.CosineMean <= r.CosineHi);
            Assert.True(r.RelVariance >= 0 && double.IsFinite(r.RelVariance), $"{r.Algorithm}/{r.Allocation}: rel_variance {r.RelVariance}");
            Assert.Equal(2 - 2 * r.CosineMean, r.Nmse, 12);
            Assert.True(r.Seconds > 0);
            if (r.Allocation == "uniform") Assert.Equal(1.0, r.MeasuredVarianceRatio, 12);
        }
        // Every GVM draw spreads exactly the stage-2 budget over the shard's prompts.
        Assert.Equal(2 * 3 * m, result.Allocations.Count);
        Assert.All(result.Allocations.GroupBy(a => (a.Shard, a.Draw)), g => Assert.Equal(m * n, g.Sum(a => a.N)));
        Assert.Equal(2, result.References.Count);
        Assert.All(result.References, r => Assert.True(r.Norm > 0 && double.IsFinite(r.SplitHalfCosine)));
        Assert.All(result.CosinesByEstimator.Values, shards => Assert.Equal([3, 3], shards.Select(s => s.Count)));
        // Shards are disjoint prompt sets.
        var prompts = result.Allocations.GroupBy(a => a.Shard).Select(g => g.Select(a => a.PromptId).Distinct().ToHashSet()).ToArray();
        Assert.Empty(prompts[0].Intersect(prompts[1]));
    }

    [Fact]
    public void The_same_seed_gives_the_same_numbers_and_no_tensor_outlives_the_study()
    {
        torch.set_num_threads(1);
        var spec = Spec();
        var task = new StudyToyTask(spec);
        using var policy = task.CreateModel();
        var first = new VarianceStudy(spec, task, policy, Options).Run();
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var second = new VarianceStudy(spec, task, policy, Options with { Repeats = 5 }).Run();
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        var third = new VarianceStudy(spec, task, policy, Options).Run();
        string Numbers(StudyResult r) => string.Join(";", r.Rows.Select(x => $"{x.CosineMean:R},{x.RelVariance:R},{x.PredictedVarianceRatio:R}"));
        Assert.Equal(Numbers(first), Numbers(third));
        Assert.NotEqual(Numbers(first), Numbers(second));
    }

    [Fact]
    public void Report_writes_the_json_rows_the_markdown_and_png_plots()
    {
        var result = Run(out _);
        var files = StudyReport.Write(result, _root, "gvm study variance ...");
        foreach (var f in files) Assert.True(new FileInfo(f).Length > 0, f);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_root, StudyReport.JsonFile)));
        Assert.Equal(12, json.RootElement.GetArrayLength());
        foreach (var row in json.RootElement.EnumerateArray())
            foreach (var field in new[] { "algorithm", "allocation", "shard", "cosine_mean", "cosine_lo", "cosine_hi", "rel_variance", "nmse",
                                          "predicted_variance_ratio", "rollouts", "seconds", "reference_split_half_cosine" })
                Assert.True(row.TryGetProperty(field, out _), $"study.json rows lack '{field}'");
        var md = File.ReadAllText(Path.Combine(_root, StudyReport.MarkdownFile));
        Assert.Contains("## Verdict", md);
        Assert.Contains("GVM-GRPO", md);
        foreach (var png in new[] { StudyPlots.CosineFile, StudyPlots.RatioFile, StudyPlots.AllocationFile })
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(_root, png))[..4]);
        Assert.Equal(result.Allocations.Count, File.ReadAllLines(Path.Combine(_root, StudyReport.AllocationsFile)).Length);
        Assert.All(StudyReport.Metrics(result).Values, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void A_rerun_with_the_same_inputs_keeps_finished_shards_and_other_inputs_measure_again()
    {
        torch.set_num_threads(1);
        var spec = Spec();
        var task = new StudyToyTask(spec);
        using var policy = task.CreateModel();
        var shardsDir = Path.Combine(_root, StudyShardStore.Directory);
        StudyShardStore Store(VarianceStudyOptions o) => new(shardsDir, StudyShardStore.Fingerprint(spec, o));
        var first = new VarianceStudy(spec, task, policy, Options).Run(store: Store(Options));
        Assert.True(File.Exists(Path.Combine(shardsDir, "shard_000.json")) && File.Exists(Path.Combine(shardsDir, "shard_001.json")));

        // Same inputs, one more shard: shards 0 and 1 are read back exactly (timings included), shard 2 is measured.
        var more = Options with { Shards = 3 };
        var messages = new List<string>();
        var second = new VarianceStudy(spec, task, policy, more).Run(p => messages.Add(p.Description), store: Store(more));
        Assert.Equal(2, messages.Count(m => m.Contains("kept from an earlier run")));
        Assert.Equal(JsonSerializer.Serialize(first.Rows, Gvm.Core.GvmJson.Options), JsonSerializer.Serialize(second.Rows.Where(r => r.Shard < 2), Gvm.Core.GvmJson.Options));
        Assert.Equal(first.Allocations, second.Allocations.Where(a => a.Shard < 2));
        Assert.Equal(18, second.Rows.Count);
        Assert.Equal([3, 3, 3], second.CosinesByEstimator["grpo/gvm"].Select(d => d.Count));

        // Other counts (or another spec or checkpoint) change the fingerprint: nothing is reused.
        var other = Options with { Repeats = 2 };
        messages.Clear();
        new VarianceStudy(spec, task, policy, other).Run(p => messages.Add(p.Description), store: Store(other));
        Assert.DoesNotContain(messages, m => m.Contains("kept from an earlier run"));
        Assert.NotEqual(StudyShardStore.Fingerprint(spec, Options), StudyShardStore.Fingerprint(spec with { Sampling = spec.Sampling with { Presamples = 3 } }, Options));
    }

    [Theory]
    [InlineData(11, 6, 8, 3, "study.shards")]   // 11 × 6 > 64 train prompts
    [InlineData(0, 6, 8, 3, "study.shards")]
    [InlineData(2, 0, 8, 3, "study.prompts")]
    [InlineData(2, 6, 7, 3, "study.reference_samples")]
    [InlineData(2, 6, 8, 1, "study.repeats")]
    public void Counts_that_do_not_fit_are_rejected_naming_the_field(int shards, int prompts, int reference, int repeats, string field)
    {
        var options = new VarianceStudyOptions { Shards = shards, Prompts = prompts, ReferenceSamples = reference, Repeats = repeats };
        var e = Assert.Throws<StudyInputException>(() => options.Validate(trainCount: 64));
        Assert.Equal(field, e.Field);
    }
}
