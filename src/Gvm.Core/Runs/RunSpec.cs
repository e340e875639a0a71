using System.Text;
using Gvm.Core.Allocation;
using System.Text.Json.Serialization;
using Gvm.Core.Inputs;

namespace Gvm.Core.Runs;

/// <summary>
/// The trainer's run contract: the fully resolved configuration of one run, written by the orchestrator as
/// <c>spec.json</c> and read by <c>gvm train --spec</c>. JSON names are snake_case (see <see cref="GvmJson"/>).
/// Every component owns its defaults; <see cref="Validate"/> reports each bad field by its dotted JSON path.
/// </summary>
public sealed record RunSpec
{
    public int Version { get; init; } = 1;
    public string Name { get; init; } = "run";
    /// <summary>Grid stage this run belongs to ("sft", "rl", "eval", ...).</summary>
    public string Stage { get; init; } = "rl";
    public Algorithm Algorithm { get; init; } = Algorithm.Grpo;
    public int Seed { get; init; } = 1;
    /// <summary>Torch intra-op threads (results are reproducible for the same device and thread count).</summary>
    public int Threads { get; init; } = 2;
    public TaskOptions Task { get; init; } = new();
    public ModelOptions Model { get; init; } = new();
    public SamplingOptions Sampling { get; init; } = new();
    public GvmOptions Gvm { get; init; } = new();
    public OptimOptions Optim { get; init; } = new();
    public ScheduleOptions Schedule { get; init; } = new();
    public EvalOptions Eval { get; init; } = new();
    /// <summary>
    /// <c>algorithm: variance_study</c> only (null = the defaults). Not written when null, so adding it left every
    /// other spec's JSON, and so every run id, unchanged.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public StudyOptions? Study { get; init; }

    /// <summary>Trainer steps the run makes: <c>schedule.steps</c>, or 0 for an eval or study run (it trains nothing).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int TrainingSteps => Algorithm.TrainsNothing() ? 0 : Schedule.Steps;

    /// <summary>
    /// Reads a spec strictly (<see cref="JsonInput.Deserialize{T}"/>): unknown or duplicate keys, a null section
    /// (<c>"task": null</c>), wrong types and bad strings are <see cref="RunSpecException"/>s naming the field.
    /// </summary>
    public static RunSpec Parse(string json, string source = "spec") => Parse(Encoding.UTF8.GetBytes(json), source);

    public static RunSpec Parse(ReadOnlySpan<byte> utf8, string source = "spec")
    {
        try
        {
            return JsonInput.Deserialize<RunSpec>(utf8, GvmJson.Options, source);
        }
        catch (InputException e) when (e is not RunSpecException)
        {
            throw new RunSpecException(e, source);
        }
    }

    public static RunSpec Load(string path)
    {
        try
        {
            return Parse(InputFiles.ReadAllBytes(path), path);
        }
        catch (InputException e) when (e is not RunSpecException)
        {
            throw new RunSpecException(e, path);
        }
    }

    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, GvmJson.Options);

    /// <summary>
    /// The GVM allocator's options for this run (<see cref="GvmOptions.AllocationOptions"/>): what the trainer
    /// (<c>GvmPresampler</c>) allocates with and <see cref="Validate"/> checks, so a spec the allocator would refuse
    /// is refused at validation (exit 2).
    /// </summary>
    public GvmAllocationOptions AllocationOptions() => Gvm.AllocationOptions();

    /// <summary>All problems, each as (dotted field path, message). Empty when the spec is valid.</summary>
    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var e = new SpecErrors();
        void Check(bool ok, string field, string message) => e.Check(ok, field, message);

        // Every number first: a non-finite value ("Infinity", "NaN") passes comparisons such as lr > 0.
        e.AddRange(FiniteNumbers.Check(this));
        var sections = new (string Name, object? Value)[]
            { ("task", Task), ("model", Model), ("sampling", Sampling), ("gvm", Gvm), ("optim", Optim), ("schedule", Schedule), ("eval", Eval) };
        foreach (var (name, value) in sections)
        {
            if (value is null) e.Add((name, "must be an object, not null"));
        }
        if (e.Count > 0 && sections.Any(x => x.Value is null)) return e;

        Check(Version == 1, "version", "only version 1 is supported");
        Check(!string.IsNullOrWhiteSpace(Name), "name", "must not be empty");
        Check(Seed >= 0, "seed", "must be >= 0");
        Check(Threads is >= 1 and <= 256, "threads", "must be in [1, 256]");

        // Each section owns its rules (closed sets such as gvm.scope, model.dtype and optim.lr_schedule are enums,
        // checked when the spec is read); a rule that reads another section gets the whole spec.
        Task.Validate(this, e);
        Model.Validate(this, e);
        Sampling.Validate(e);
        Gvm.Validate(this, e);
        Optim.Validate(e);
        Schedule.Validate(e);
        Eval.Validate(this, e);
        if (Study is { } study) e.AddRange(study.Validate());
        return e.Distinct().ToList();
    }

    /// <summary>Throws <see cref="RunSpecException"/> naming the first bad field.</summary>
    public RunSpec EnsureValid(string source = "spec")
    {
        var errors = Validate();
        if (errors.Count > 0)
            throw new RunSpecException(source, errors[0].Field,
                string.Join("; ", new[] { errors[0].Message }.Concat(errors.Skip(1).Select(x => $"{x.Field}: {x.Message}"))));
        return this;
    }
}

public sealed record TaskOptions
{
    /// <summary>"arith" (the built-in generated task) or "math" (JSON Lines / Parquet with problem and answer).</summary>
    public string Kind { get; init; } = "arith";
    public int Levels { get; init; } = 4;
    /// <summary>Seed of the deterministic train/test split (independent of the run seed).</summary>
    public int DataSeed { get; init; } = 1234;
    public int TrainSize { get; init; } = 20000;
    /// <summary>Training mix over difficulty levels (SFT); null = uniform.</summary>
    public double[]? LevelMix { get; init; }
    public string? TrainPath { get; init; }
    /// <summary>Tokenizer directory for kind "math" (Qwen2 vocab.json + merges.txt or tokenizer.json).</summary>
    public string? Tokenizer { get; init; }
    /// <summary>
    /// Kind "arith": what earns reward 1 (training and evaluation alike). <see cref="ArithReward.Derivation"/> (default)
    /// checks every step of the chain; <see cref="ArithReward.Answer"/> only the boxed answer (lucky answers count).
    /// </summary>
    public ArithReward Reward { get; init; } = ArithReward.Derivation;

    internal void Validate(RunSpec spec, SpecErrors e)
    {
        e.Check(Kind is "arith" or "math", "task.kind", "must be 'arith' (built-in) or 'math'");
        e.Check(Levels is >= 1 and <= 16, "task.levels", "must be in [1, 16]");
        e.Check(TrainSize >= 1, "task.train_size", "must be >= 1");
        e.Check(LevelMix is null || (LevelMix.Length == Levels && LevelMix.All(x => x >= 0) && LevelMix.Sum() > 0),
            "task.level_mix", "must have one non-negative weight per level, not all zero");
        e.Check(Kind != "math" || spec.Algorithm == Algorithm.Eval || !string.IsNullOrEmpty(TrainPath), "task.train_path", "is required when task.kind is 'math'");
    }
}

/// <summary>The built-in task's reward (<c>task.reward</c>). JSON: "derivation", "answer".</summary>
public enum ArithReward
{
    /// <summary>1 only for a correct derivation: every step right and the boxed answer the last total.</summary>
    Derivation,
    /// <summary>1 when the boxed answer equals the result (the answer grader), whatever the steps say.</summary>
    Answer,
}

public sealed record ModelOptions
{
    /// <summary>Named architecture preset ("tiny", ...) used when starting from scratch.</summary>
    public string? Preset { get; init; } = "tiny";
    /// <summary>Hugging Face layout directory to start from (the orchestrator fills this from a stage's <c>needs</c>).</summary>
    public string? Checkpoint { get; init; }
    public string Device { get; init; } = "cpu";
    [JsonConverter(typeof(SnakeCaseEnumConverter<ModelDtype>))]
    public ModelDtype Dtype { get; init; } = ModelDtype.Float32;

    internal void Validate(RunSpec spec, SpecErrors e)
    {
        e.Check(Preset is not null || Checkpoint is not null, "model", "needs a preset or a checkpoint");
        e.Check(spec.Algorithm != Algorithm.Eval || Checkpoint is not null, "model.checkpoint", "is required for algorithm 'eval' (the model it evaluates)");
        e.Check(spec.Algorithm != Algorithm.VarianceStudy || Checkpoint is not null, "model.checkpoint", "is required for algorithm 'variance_study' (the model it measures)");
        e.Check(Device is "cpu" or "cuda" || Device.StartsWith("cuda:", StringComparison.Ordinal), "model.device", "must be 'cpu', 'cuda' or 'cuda:N'");
    }
}

/// <summary>Weights dtype (<c>model.dtype</c>). JSON: "float32", "bfloat16", "float16".</summary>
public enum ModelDtype
{
    Float32,
    Bfloat16,
    Float16,
}

public sealed record SamplingOptions
{
    /// <summary>Prompts per trainer step (the paper: 1024).</summary>
    public int PromptsPerStep { get; init; } = 16;
    /// <summary>N: responses per prompt for the baselines; the average per prompt for GVM (the stage-2 budget).</summary>
    public int SamplesPerPrompt { get; init; } = 8;
    /// <summary>N': stage-1 presamples per prompt (GVM only; the authors' runs/scripts/run_em.sh: stage_1_samples_per_prompt=8).</summary>
    public int Presamples { get; init; } = 8;
    public double Temperature { get; init; } = 1.0;
    public double TopP { get; init; } = 1.0;
    public int TopK { get; init; }
    public int MaxNewTokens { get; init; } = 64;

    internal void Validate(SpecErrors e)
    {
        e.Check(PromptsPerStep >= 1, "sampling.prompts_per_step", "must be >= 1");
        e.Check(SamplesPerPrompt >= 1, "sampling.samples_per_prompt", "must be >= 1");
        e.Check(Presamples >= 1, "sampling.presamples", "must be >= 1");
        e.Check(Temperature > 0 && double.IsFinite(Temperature), "sampling.temperature", "must be > 0");
        e.Check(TopP is > 0 and <= 1, "sampling.top_p", "must be in (0, 1]");
        e.Check(TopK >= 0, "sampling.top_k", "must be >= 0 (0 = off)");
        e.Check(MaxNewTokens >= 1, "sampling.max_new_tokens", "must be >= 1");
    }
}

/// <summary>
/// The spec's gvm section: the GVM allocator's options as a run sets them (paper Sec. 3; defaults α = 1e-3, β = 2,
/// owned by <see cref="GvmAllocationOptions"/>), plus how a run applies them (scope, reset). The allocator gets
/// <see cref="AllocationOptions"/>, and <see cref="Validate"/> applies the allocator's own rules: one rule set.
/// </summary>
public sealed record GvmOptions
{
    public double Alpha { get; init; } = GvmAllocationOptions.DefaultAlpha;
    public double Beta { get; init; } = GvmAllocationOptions.DefaultBeta;
    public double FilterThreshold { get; init; }
    public double FilterInsufficient { get; init; }
    public int MinPerPrompt { get; init; }
    public int MaxPerPrompt { get; init; }
    public int ExplorationFloor { get; init; }
    /// <summary><see cref="GvmScope.Iteration"/> (allocate over the whole EM shard, as the paper) or <see cref="GvmScope.Batch"/>.</summary>
    [JsonConverter(typeof(SnakeCaseEnumConverter<GvmScope>))]
    public GvmScope Scope { get; init; } = GvmScope.Iteration;
    /// <summary>
    /// Start every EM iteration as the authors' scripts do (runs/scripts/run_em.sh relaunches verl per iteration): AdamW
    /// state is reset and the KL reference becomes the policy at the start of the iteration. Off (default): one
    /// continuous optimizer and the starting model as the reference for the whole run. Applies to every RL algorithm,
    /// with iterations of <c>schedule.steps_per_iteration</c> steps.
    /// </summary>
    public bool ResetEachIteration { get; init; }

    /// <summary>
    /// The allocator's options for these settings, built here only. Stage 2 spends its budget in full (no cap), so
    /// paired runs draw the same number of samples.
    /// </summary>
    public GvmAllocationOptions AllocationOptions() => GvmAllocationOptions.From(this);

    internal void Validate(RunSpec spec, SpecErrors e)
    {
        // alpha, beta, filters and per-prompt bounds: the allocator's own rules (GvmAllocationOptions.Validate), for
        // every algorithm, since a grid's defaults reach the baselines too.
        var options = AllocationOptions();
        foreach (var (field, message) in options.Validate()) e.Add(("gvm." + field, message));
        if (spec.Algorithm.UsesGvm())
        {
            // The allocator's own rules, on the options it will get and the shape of its budget (every prompt of a
            // shard gets samples_per_prompt on average, so the per-prompt floors must fit in that average).
            var s = spec.Sampling;
            foreach (var (field, message) in options.ValidateBudget(s.PromptsPerStep, s.PromptsPerStep * s.SamplesPerPrompt))
                e.Add(("gvm." + field, message + " (sampling.samples_per_prompt)"));
        }
    }
}

/// <summary>What a GVM allocation spreads over (<c>gvm.scope</c>). JSON: "iteration", "batch".</summary>
public enum GvmScope
{
    /// <summary>One allocation over the whole EM shard (steps_per_iteration steps), as the paper.</summary>
    Iteration,
    /// <summary>One allocation per trainer step.</summary>
    Batch,
}

public sealed record OptimOptions
{
    public double Lr { get; init; } = 1e-4;
    public double WeightDecay { get; init; } = 0.01;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double GradClip { get; init; } = 1.0;
    [JsonConverter(typeof(SnakeCaseEnumConverter<LrSchedule>))]
    public LrSchedule LrSchedule { get; init; } = LrSchedule.Constant;
    public int WarmupSteps { get; init; }
    /// <summary>
    /// Samples per optimizer update of a full step (prompts_per_step × samples_per_prompt samples). Every RL step
    /// makes ppo_epochs × ceil(prompts_per_step × samples_per_prompt / mini_batch_size) updates whatever the step's
    /// actual sample count (a GVM step's count varies), so paired runs make the same number of updates by construction.
    /// </summary>
    public int MiniBatchSize { get; init; } = 32;
    public int PpoEpochs { get; init; } = 1;
    public double ClipRatio { get; init; } = 0.2;
    /// <summary>Upper clip ε_high (clip-higher); 0 = same as <see cref="ClipRatio"/>, which is the authors' effective setting
    /// (their scripts set clip_higher_ratio=0.3 only in the experiment name; verl's ppo_trainer.yaml has 0.2).</summary>
    public double ClipRatioHigh { get; init; }
    public double KlCoef { get; init; } = 0.001;
    public bool UseKl { get; init; } = true;
    /// <summary>GRPO: divide group-centred rewards by the group's std.</summary>
    public bool NormalizeByStd { get; init; } = true;
    /// <summary>
    /// The authors' update ratio, as a named ablation (off by default: paired runs make equal updates). In verl
    /// <c>ppo_mini_batch_size</c> counts prompts and is multiplied by <c>rollout.n</c> (fsdp_workers.py): their baselines
    /// (n = 8) update on 256 × 8 = 2048 samples, their GVM runs (n = 1, prompts repeated n_i times) on 256, so GVM makes
    /// N = samples_per_prompt times more updates per step. On: GVM runs update on mini_batch_size / N samples.
    /// </summary>
    public bool AuthorsUpdateRatio { get; init; }
    /// <summary>SFT batch size in sequences.</summary>
    public int BatchSize { get; init; } = 64;

    internal void Validate(SpecErrors e)
    {
        e.Check(Lr > 0, "optim.lr", "must be > 0");
        e.Check(WeightDecay >= 0, "optim.weight_decay", "must be >= 0");
        e.Check(GradClip >= 0, "optim.grad_clip", "must be >= 0 (0 = off)");
        e.Check(WarmupSteps >= 0, "optim.warmup_steps", "must be >= 0");
        e.Check(MiniBatchSize >= 1, "optim.mini_batch_size", "must be >= 1");
        e.Check(PpoEpochs >= 1, "optim.ppo_epochs", "must be >= 1");
        e.Check(ClipRatio is > 0 and < 1, "optim.clip_ratio", "must be in (0, 1)");
        e.Check(ClipRatioHigh >= 0 && double.IsFinite(ClipRatioHigh), "optim.clip_ratio_high", "must be >= 0 (0 = same as clip_ratio)");
        e.Check(KlCoef >= 0, "optim.kl_coef", "must be >= 0");
        e.Check(BatchSize >= 1, "optim.batch_size", "must be >= 1");
    }
}

/// <summary>Learning-rate schedule after warmup (<c>optim.lr_schedule</c>). JSON: "constant", "cosine".</summary>
public enum LrSchedule
{
    Constant,
    Cosine,
}

public sealed record ScheduleOptions
{
    public int Steps { get; init; } = 40;
    /// <summary>Trainer steps per EM iteration (shard of prompts = steps_per_iteration × prompts_per_step).</summary>
    public int StepsPerIteration { get; init; } = 4;
    public int EvalEvery { get; init; } = 10;
    public int CheckpointEvery { get; init; } = 10;
    /// <summary>Wall-clock limit in seconds (0 = none); the run stops cleanly at the next step boundary.</summary>
    public double MaxSeconds { get; init; }
    /// <summary>Stop (and write final/) after this step while the learning-rate schedule still spans <see cref="Steps"/>; 0 = off.</summary>
    public int StopAtStep { get; init; }

    internal void Validate(SpecErrors e)
    {
        e.Check(Steps >= 1, "schedule.steps", "must be >= 1");
        e.Check(StepsPerIteration >= 1, "schedule.steps_per_iteration", "must be >= 1");
        e.Check(EvalEvery >= 0, "schedule.eval_every", "must be >= 0 (0 = only at start and end)");
        e.Check(CheckpointEvery >= 0, "schedule.checkpoint_every", "must be >= 0");
        e.Check(StopAtStep >= 0 && StopAtStep <= Steps, "schedule.stop_at_step", "must be in [0, schedule.steps] (0 = off)");
        e.Check(MaxSeconds >= 0, "schedule.max_seconds", "must be >= 0 (0 = no limit)");
    }
}

public sealed record EvalOptions
{
    /// <summary>Test problems per difficulty level (built-in task); for kind "math", problems per benchmark (0 = all).</summary>
    public int PerLevel { get; init; } = 200;
    public int MaxNewTokens { get; init; } = 64;
    /// <summary>Benchmarks for kind "math" (math500, minerva_math, olympiad_bench, aime24, amc23).</summary>
    public string[]? Benchmarks { get; init; }
    /// <summary>Kind "math": samples per problem (k of mean@k, drawn at temperature 1.0 as the paper's eval).</summary>
    public int Samples { get; init; } = 1;
    /// <summary>Kind "math": directory of the benchmark .jsonl files; null = shared/data/benchmarks.</summary>
    public string? DataDir { get; init; }

    internal void Validate(RunSpec spec, SpecErrors e)
    {
        e.Check(PerLevel >= 1 || (spec.Task.Kind == "math" && PerLevel == 0), "eval.per_level", "must be >= 1 (task.kind 'math': 0 = every problem)");
        e.Check(MaxNewTokens >= 1, "eval.max_new_tokens", "must be >= 1");
        e.Check(Samples >= 1, "eval.samples", "must be >= 1");
        e.Check(Benchmarks is null || Benchmarks.All(b => !string.IsNullOrWhiteSpace(b)), "eval.benchmarks", "must list benchmark names (no null or empty entries)");
    }
}

/// <summary>Problems a spec section found, each as (dotted field path, message).</summary>
internal sealed class SpecErrors : List<(string Field, string Message)>
{
    public void Check(bool ok, string field, string message)
    {
        if (!ok) Add((field, message));
    }
}

/// <summary>An invalid run spec; <see cref="InputException.Field"/> is the dotted JSON path of the offending field.</summary>
public sealed class RunSpecException : InputException
{
    public RunSpecException(string source, string field, string message, Exception? inner = null)
        : base(source, 0, field, message, inner)
    {
    }

    /// <summary>A read or parse error of the spec file, kept at its line, column and field.</summary>
    public RunSpecException(InputException error, string source)
        : base(error.File ?? source, error.Line, error.Field, error.Reason, error, error.Column)
    {
    }
}
