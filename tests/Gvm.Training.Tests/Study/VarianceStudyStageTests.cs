using System.Text.Json;
using Gvm.Core.Runs;
using Gvm.Reasoning.Tasks;
using Gvm.Training.Checkpoints;
using Gvm.Training.Study;
using Gvm.Training.Trainer;

namespace Gvm.Training.Tests.Study;

/// <summary><c>algorithm: variance_study</c> through the trainer's run loop (a grid's study stage).</summary>
public class VarianceStudyStageTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gvm-study-stage-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly TrainerRunOptions Quiet = new() { HandleSignals = false, Echo = false };

    private RunSpec Spec(StudyOptions study)
    {
        var checkpoint = Path.Combine(_root, "final");
        if (!Directory.Exists(checkpoint))
        {
            using var model = ModelFiles.Create(new ModelOptions { Preset = "micro" }, new CharTokenizer().VocabSize, seed: 1);
            ModelFiles.Save(model, checkpoint, new CharTokenizer());
        }
        return new RunSpec
        {
            Name = "study/grpo", Stage = "study", Algorithm = Algorithm.VarianceStudy, Seed = 2, Threads = 1,
            Task = new TaskOptions { Levels = 2, TrainSize = 30, Reward = ArithReward.Answer },
            Model = new ModelOptions { Preset = null, Checkpoint = checkpoint },
            Sampling = new SamplingOptions { SamplesPerPrompt = 2, Presamples = 2, MaxNewTokens = 3 },
            Eval = new EvalOptions { PerLevel = 1 },
            Study = study,
        }.EnsureValid();
    }

    private static JsonElement Read(string dir, string file) => JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(Path.Combine(dir, file)));

    [Fact]
    public void A_study_run_writes_its_files_under_study_and_the_run_contract_files()
    {
        var dir = Path.Combine(_root, "run");
        var spec = Spec(new StudyOptions { Shards = 2, Prompts = 3, ReferenceSamples = 4, Repeats = 2 });
        Assert.Equal(ExitCodes.Success, new TrainerRun(spec, dir, Quiet).Run());

        Assert.Equal("succeeded", Read(dir, RunFiles.Status).GetProperty("state").GetString());
        var result = Read(dir, RunFiles.Result);
        Assert.Equal("succeeded", result.GetProperty("state").GetString());
        Assert.Equal(0, result.GetProperty("steps").GetInt32());
        Assert.True(result.GetProperty("metrics").TryGetProperty("study/seconds", out _));
        var line = Assert.Single(File.ReadAllLines(Path.Combine(dir, RunFiles.Metrics)));
        Assert.Contains("\"step\":0", line);
        Assert.Contains("study/", line);
        var rows = Read(Path.Combine(dir, VarianceStudyStage.Directory), StudyReport.JsonFile);
        Assert.Equal(2 * 6, rows.GetArrayLength());
        Assert.True(File.Exists(Path.Combine(dir, VarianceStudyStage.Directory, StudyReport.MarkdownFile)));
        Assert.False(Directory.Exists(Path.Combine(dir, RunFiles.Final)));
        var written = RunSpec.Load(Path.Combine(dir, RunFiles.Spec));
        Assert.Equal(Algorithm.VarianceStudy, written.Algorithm);
        Assert.Equal(2, written.Study!.Shards);
        Assert.Equal(0, written.TrainingSteps);
    }

    [Fact]
    public void Counts_larger_than_the_train_set_fail_with_exit_2_naming_the_field()
    {
        var dir = Path.Combine(_root, "bad");
        Assert.Equal(ExitCodes.InvalidInput, new TrainerRun(Spec(new StudyOptions { Shards = 11, Prompts = 3 }), dir, Quiet).Run());
        var status = Read(dir, RunFiles.Status);
        Assert.Equal("failed", status.GetProperty("state").GetString());
        Assert.Contains("study.shards", status.GetProperty("message").GetString());
    }

    [Fact]
    public void The_spec_requires_a_checkpoint_and_valid_study_counts_and_writes_no_study_section_when_absent()
    {
        var errors = new RunSpec { Algorithm = Algorithm.VarianceStudy, Study = new StudyOptions { ReferenceSamples = 3, Repeats = 1 } }.Validate();
        Assert.Contains(errors, e => e.Field == "model.checkpoint");
        Assert.Contains(errors, e => e.Field == "study.reference_samples");
        Assert.Contains(errors, e => e.Field == "study.repeats");
        // Other specs' JSON (and so every existing run id) is unchanged by the new optional section.
        Assert.DoesNotContain("\"study\"", new RunSpec().ToJson());
        Assert.Equal("variance_study", AlgorithmNames.Parse("variance_study").ToName());
    }
}
