using System.Text.Json;
using Gvm.Core.Runs;
using Gvm.Training.Checkpoints;
using Gvm.Training.State;
using Gvm.Training.Trainer;

namespace Gvm.Training.Tests.Trainer;

/// <summary>
/// What a run directory survives: a checkpoint damaged mid-write (cut, zeroed or missing files) is set aside and the
/// run resumes from the one before, reproducing the uninterrupted metrics; a resume with another spec is refused before
/// anything is written; a diverging RL run keeps a finite last checkpoint; the heartbeat beats between steps.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gvm-recovery-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly TrainerRunOptions Quiet = new() { HandleSignals = false, Echo = false };

    /// <summary>SFT on the micro model, a checkpoint every step: a few seconds per run on 2 cores.</summary>
    private static RunSpec Spec(Algorithm algorithm = Algorithm.Sft, int steps = 4) => new()
    {
        Name = "recovery",
        Algorithm = algorithm,
        Seed = 7,
        Threads = 1,
        Task = new TaskOptions { Levels = 2, TrainSize = 300 },
        Model = new ModelOptions { Preset = "micro" },
        Sampling = new SamplingOptions { PromptsPerStep = 4, SamplesPerPrompt = 4, Presamples = 2, MaxNewTokens = 16 },
        Optim = new OptimOptions { Lr = 3e-3, BatchSize = 16, MiniBatchSize = 8 },
        Schedule = new ScheduleOptions { Steps = steps, StepsPerIteration = 2, EvalEvery = 2, CheckpointEvery = 1 },
        Eval = new EvalOptions { PerLevel = 4, MaxNewTokens = 16 },
    };

    private static List<string> Metrics(string dir) =>
        File.ReadAllLines(Path.Combine(dir, RunFiles.Metrics))
            .Select(l => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(l)!)
            .Select(d => string.Join(",", d.Where(kv => kv.Key != "time" && !kv.Key.StartsWith("perf/", StringComparison.Ordinal) && kv.Key != MetricNames.SecondsCum)
                .OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value.GetDouble():R}")))
            .ToList();

    private static JsonElement Status(string dir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, RunFiles.Status))).RootElement;

    private string Checkpoint(string dir, int step) => Path.Combine(dir, RunFiles.Checkpoints, $"step_{step:D6}");

    public static TheoryData<string, string> Damages => new()
    {
        { "model.safetensors", "truncate" },   // a write cut short: the header names more bytes than the file has
        { "model.safetensors", "zero" },       // a file created but never written
        { "optimizer.safetensors", "zero" },
        { "optimizer.safetensors", "truncate" },       // a safetensors file too: its header names more bytes than the file has
        { "state.json", "missing" },
        { "state.json", "garbage" },
        { "config.json", "missing" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_newest_checkpoint_is_set_aside_and_the_run_resumes_from_the_one_before(string file, string damage)
    {
        var spec = Spec();
        var straight = Path.Combine(_root, "straight");
        var run = Path.Combine(_root, "run");
        Assert.Equal(ExitCodes.Success, new TrainerRun(spec, straight, Quiet).Run());
        Assert.Equal(ExitCodes.Interrupted, new TrainerRun(spec, run, Quiet with { StopAfterSteps = 3 }).Run());

        var path = Path.Combine(Checkpoint(run, 3), file);
        switch (damage)
        {
            case "truncate":
                using (var fs = new FileStream(path, FileMode.Open)) fs.SetLength(fs.Length / 2);
                break;
            case "zero":
                File.WriteAllBytes(path, []);
                break;
            case "missing":
                File.Delete(path);
                break;
            case "garbage":
                File.WriteAllText(path, "{\"step\": ");
                break;
        }

        Assert.Equal(ExitCodes.Success, new TrainerRun(spec, run, Quiet).Run());
        Assert.Equal(Metrics(straight), Metrics(run));
        var damaged = Assert.Single(Directory.GetDirectories(Path.Combine(run, RunFiles.Checkpoints, TrainerCheckpoint.DamagedDir)));
        Assert.StartsWith("step_000003-", Path.GetFileName(damaged));
        var log = File.ReadAllText(Path.Combine(run, RunFiles.Log));
        Assert.Contains("checkpoint step_000003 is damaged", log);
        Assert.Contains("resumed from", log);
        Assert.Contains("step_000003 is damaged", Status(run).GetProperty("recovery").GetString());
        Assert.Equal("succeeded", Status(run).GetProperty("state").GetString());
    }

    [Fact]
    public void With_every_checkpoint_damaged_the_run_starts_over_and_still_finishes()
    {
        var spec = Spec();
        var straight = Path.Combine(_root, "straight");
        var run = Path.Combine(_root, "run");
        Assert.Equal(ExitCodes.Success, new TrainerRun(spec, straight, Quiet).Run());
        Assert.Equal(ExitCodes.Interrupted, new TrainerRun(spec, run, Quiet with { StopAfterSteps = 3 }).Run());
        File.WriteAllBytes(Path.Combine(Checkpoint(run, 3), "model.safetensors"), new byte[16]);
        File.Delete(Path.Combine(Checkpoint(run, 2), "optimizer.safetensors"));

        Assert.Equal(ExitCodes.Success, new TrainerRun(spec, run, Quiet).Run());
        Assert.Equal(Metrics(straight), Metrics(run));
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(run, RunFiles.Checkpoints, TrainerCheckpoint.DamagedDir)).Length);
        Assert.Contains("starting over from step 0", Status(run).GetProperty("recovery").GetString());
    }

    [Fact]
    public void Resuming_with_a_different_spec_is_refused_before_anything_is_written_unless_allowed_and_then_recorded()
    {
        var spec = Spec();
        var run = Path.Combine(_root, "run");
        Assert.Equal(ExitCodes.Interrupted, new TrainerRun(spec, run, Quiet with { StopAfterSteps = 2 }).Run());
        var files = new[] { RunFiles.Spec, RunFiles.Status, RunFiles.Metrics, RunFiles.Log };
        var before = files.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(run, f)));

        var changed = spec with { Optim = spec.Optim with { Lr = 1e-3 }, Seed = 8 };
        var e = Assert.Throws<RunSpecException>(() => new TrainerRun(changed, run, Quiet).Run());
        Assert.Contains("optim.lr (0.003 → 0.001)", e.Message);
        Assert.Contains("seed (7 → 8)", e.Message);
        Assert.Contains("--allow-spec-change", e.Message);
        foreach (var f in files) Assert.Equal(before[f], File.ReadAllBytes(Path.Combine(run, f)));
        Assert.False(File.Exists(Path.Combine(run, RunFiles.SpecHistory)));

        Assert.Equal(ExitCodes.Success, new TrainerRun(changed, run, Quiet with { AllowSpecChange = true }).Run());
        var history = JsonDocument.Parse(Assert.Single(File.ReadAllLines(Path.Combine(run, RunFiles.SpecHistory)))).RootElement;
        Assert.Equal(2, history.GetProperty("step").GetInt32());
        Assert.Equal(["optim.lr", "seed"], history.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("field").GetString()!));
        Assert.Equal(changed.ToJson(), File.ReadAllText(Path.Combine(run, RunFiles.Spec)));
    }

    [Theory]
    [InlineData(Algorithm.GvmGrpo)]
    [InlineData(Algorithm.RaftPlusPlus)]
    [InlineData(Algorithm.Sft)]
    public void A_diverging_run_exits_3_and_its_kept_checkpoint_has_finite_weights(Algorithm algorithm)
    {
        var spec = Spec(algorithm, steps: 4);
        var run = Path.Combine(_root, "diverging");
        Assert.Equal(ExitCodes.Interrupted, new TrainerRun(spec, run, Quiet with { StopAfterSteps = 2 }).Run());
        // The same run continued with a learning rate no weight survives (inf in float32): the update of step 3 overflows.
        var exploding = spec with { Optim = spec.Optim with { Lr = 1e300, GradClip = 0 } };
        Assert.Equal(ExitCodes.Diverged, new TrainerRun(exploding, run, Quiet with { AllowSpecChange = true }).Run());

        Assert.Equal("diverged", Status(run).GetProperty("state").GetString());
        Assert.Equal("diverged", JsonDocument.Parse(File.ReadAllText(Path.Combine(run, RunFiles.Result))).RootElement.GetProperty("state").GetString());
        var kept = TrainerCheckpoint.FindLatest(run);
        Assert.Equal(Checkpoint(run, 2), kept);
        AssertFinite(kept!);
        Assert.False(Directory.Exists(Path.Combine(run, RunFiles.Final)));
        foreach (var dir in TrainerCheckpoint.Candidates(run)) AssertFinite(dir); // no checkpoint kept the exploded weights
    }

    [Fact]
    public void The_heartbeat_is_rewritten_by_a_timer_while_no_step_ends()
    {
        var journal = new RunJournal(Path.Combine(_root, "beat"));
        journal.WriteStatus("running", 5, 10);
        var first = Status(journal.Directory_).GetProperty("heartbeat").GetDateTimeOffset();
        journal.StartHeartbeat(TimeSpan.FromMilliseconds(50));
        try
        {
            // Nothing else writes: only the timer can move the heartbeat (waited for up to 30 s on a loaded machine).
            var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
            JsonElement status;
            do
            {
                Thread.Sleep(20);
                status = ReadStatusTolerantly(journal.Directory_);
            }
            while (status.GetProperty("heartbeat").GetDateTimeOffset() == first && DateTimeOffset.UtcNow < deadline);
            Assert.True(status.GetProperty("heartbeat").GetDateTimeOffset() > first, "the heartbeat did not move within 30 s");
            Assert.Equal(("running", 5, 10), (status.GetProperty("state").GetString(), status.GetProperty("step").GetInt32(), status.GetProperty("total_steps").GetInt32()));
        }
        finally
        {
            journal.StopHeartbeat();
        }
        journal.WriteStatus("succeeded", 10, 10);
        Thread.Sleep(200); // a stopped timer must not bring back an older state
        Assert.Equal("succeeded", Status(journal.Directory_).GetProperty("state").GetString());
    }

    private static JsonElement ReadStatusTolerantly(string dir)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return Status(dir);
            }
            catch (IOException) when (attempt < 100)
            {
                Thread.Sleep(5); // replaced by rename between our open and read: read again
            }
        }
    }

    private static void AssertFinite(string checkpoint)
    {
        var tensors = SafeTensorsFile.ReadAll(Path.Combine(checkpoint, HfCheckpoint.WeightsFile));
        try
        {
            Assert.NotEmpty(tensors);
            foreach (var (name, t) in tensors) Assert.True(t.isfinite().all().item<bool>(), $"{checkpoint}: {name} holds a non-finite weight");
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }
}
