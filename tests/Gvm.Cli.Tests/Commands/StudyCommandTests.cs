using System.Text.Json;
using Gvm.Core.Runs;
using Gvm.Reasoning.Tasks;
using Gvm.Training.Checkpoints;
using Gvm.Training.Study;

namespace Gvm.Cli.Tests.Commands;

/// <summary><c>gvm study variance</c> end to end on a micro checkpoint: files, fields, and exit 2 for bad input.</summary>
[Collection(ConsoleCollection.Name)]
public class StudyCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gvm-study-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private const string RlSpec = """
        { "name": "study-cli", "algorithm": "gvm_grpo", "seed": 1, "threads": 1,
          "task": { "kind": "arith", "levels": 2, "train_size": 40, "reward": "answer" },
          "model": { "preset": "micro" },
          "sampling": { "samples_per_prompt": 2, "presamples": 2, "max_new_tokens": 3 },
          "eval": { "per_level": 1 } }
        """;

    private string Checkpoint()
    {
        var dir = Path.Combine(_root, "final");
        using var model = ModelFiles.Create(new ModelOptions { Preset = "micro" }, new CharTokenizer().VocabSize, seed: 1);
        ModelFiles.Save(model, dir, new CharTokenizer());
        return dir;
    }

    private string Spec(string json)
    {
        var path = Path.Combine(_root, $"spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    private async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var (previousOut, previousError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = await GvmApp.RunAsync(["study", "variance", .. args]);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(previousOut);
            Console.SetError(previousError);
        }
    }

    [Fact]
    public async Task Writes_one_row_per_estimator_and_shard_the_markdown_and_the_plots()
    {
        var outDir = Path.Combine(_root, "out");
        var (code, stdout, error) = await RunAsync("--checkpoint", Checkpoint(), "--spec", Spec(RlSpec), "--out", outDir,
            "--shards", "2", "--prompts", "3", "--reference-samples", "4", "--repeats", "2");
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("study: ", error); // progress lines on stderr (not a terminal)
        Assert.Contains(outDir, stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, StudyReport.JsonFile)));
        var rows = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(12, rows.Length);
        Assert.Equal(12, rows.Select(r => (r.GetProperty("algorithm").GetString(), r.GetProperty("allocation").GetString(), r.GetProperty("shard").GetInt32())).Distinct().Count());
        foreach (var row in rows)
            foreach (var field in new[] { "cosine_mean", "cosine_lo", "cosine_hi", "rel_variance", "nmse", "predicted_variance_ratio", "rollouts", "seconds" })
                Assert.True(row.TryGetProperty(field, out _), field);
        Assert.Equal(3 * 2, rows.First(r => r.GetProperty("allocation").GetString() == "uniform").GetProperty("rollouts").GetDouble());
        Assert.Equal(3 * 4, rows.First(r => r.GetProperty("allocation").GetString() == "uniform_equal_rollouts").GetProperty("rollouts").GetDouble());
        var md = File.ReadAllText(Path.Combine(outDir, StudyReport.MarkdownFile));
        Assert.Contains("# Variance study", md);
        Assert.Contains("gvm study variance --checkpoint", md);
        foreach (var png in new[] { StudyPlots.CosineFile, StudyPlots.RatioFile, StudyPlots.AllocationFile })
            Assert.True(new FileInfo(Path.Combine(outDir, png)).Length > 1000, png);
    }

    [Fact]
    public async Task Bad_input_exits_2_naming_the_option_or_file()
    {
        var checkpoint = Checkpoint();
        var spec = Spec(RlSpec);
        var outDir = Path.Combine(_root, "bad");
        async Task Expect(string mention, params string[] args)
        {
            var (code, _, error) = await RunAsync(args);
            Assert.True(code == ExitCodes.InvalidInput, $"{string.Join(' ', args)}: exit {code}, {error}");
            Assert.Contains(mention, error);
            Assert.DoesNotContain("   at ", error); // a message, not a stack trace
        }
        await Expect("--checkpoint", "--checkpoint", Path.Combine(_root, "missing"), "--spec", spec, "--out", outDir);
        await Expect("--spec", "--checkpoint", checkpoint, "--spec", Path.Combine(_root, "missing.json"), "--out", outDir);
        await Expect("not RL", "--checkpoint", checkpoint, "--spec", Spec(RlSpec.Replace("gvm_grpo", "sft")), "--out", outDir);
        await Expect("optim.clip_ratio", "--checkpoint", checkpoint, "--spec", Spec("""{ "optim": { "clip_ratio": 2 } }"""), "--out", outDir);
        await Expect("--shards × --prompts", "--checkpoint", checkpoint, "--spec", spec, "--out", outDir, "--shards", "20", "--prompts", "3");
        await Expect("--repeats", "--checkpoint", checkpoint, "--spec", spec, "--out", outDir, "--repeats", "0");
        await Expect("--reference-samples", "--checkpoint", checkpoint, "--spec", spec, "--out", outDir, "--reference-samples", "5");
        await Expect("--prompts", "--checkpoint", checkpoint, "--spec", spec, "--out", outDir, "--prompts", "-1");
        await Expect("--shards", "--checkpoint", checkpoint, "--spec", spec, "--out", outDir, "--shards", "0");
        var empty = Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName;
        await Expect("config.json", "--checkpoint", empty, "--spec", spec, "--out", outDir, "--shards", "1", "--prompts", "3");
        Assert.False(Directory.Exists(outDir)); // nothing written for bad input
    }
}
