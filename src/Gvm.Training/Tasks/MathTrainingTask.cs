using Gvm.Core.IO;
using Gvm.Core.Runs;
using Gvm.Reasoning.Tokenizers;
using Gvm.Training.Checkpoints;
using Gvm.Training.Eval;
using Gvm.Training.Generation;
using Gvm.Training.Model;
using Gvm.Training.Real;
using Gvm.Training.Rollout;
using TorchSharp;

namespace Gvm.Training.Tasks;

/// <summary>
/// <c>task.kind: math</c>: problem/answer rows from <c>task.train_path</c> (JSON Lines or Parquet), a Hugging Face Qwen2
/// policy from <c>model.checkpoint</c>, the Qwen2 tokenizer (<c>task.tokenizer</c>, else the checkpoint directory), the
/// paper's chat prompt, <see cref="Rewards.MathReward"/> (strict grader) as reward, and <see cref="MathEvaluator"/> on
/// <c>eval.benchmarks</c> as evaluation: eval/&lt;benchmark&gt;/mean_at_k and eval/accuracy as their mean.
/// </summary>
public sealed class MathTrainingTask : ITrainingTask
{
    /// <summary>Benchmarks evaluated when <c>eval.benchmarks</c> is not set.</summary>
    public static readonly IReadOnlyList<string> DefaultBenchmarks = ["math500"];

    private readonly string _checkpoint;
    private readonly string _tokenizerDir;
    private readonly Qwen2Tokenizer _tokenizer;
    private readonly IReadOnlyList<MathProblem> _train;
    private readonly MathEvalOptions _evalOptions;
    private readonly Dictionary<string, IReadOnlyList<MathProblem>> _benchmarks;
    private readonly string _runName;
    private MathRolloutSampler? _sampler;
    private Qwen2ForCausalLM? _samplerModel;
    private EvalResult? _lastEvaluation;

    private MathTrainingTask(RunSpec spec, string checkpoint, string tokenizerDir, Qwen2Tokenizer tokenizer, IReadOnlyList<MathProblem> train,
        MathEvalOptions evalOptions, Dictionary<string, IReadOnlyList<MathProblem>> benchmarks)
    {
        _checkpoint = checkpoint;
        _tokenizerDir = tokenizerDir;
        _tokenizer = tokenizer;
        _train = train;
        _evalOptions = evalOptions;
        _benchmarks = benchmarks;
        _runName = spec.Name;
        PadTokenId = tokenizer.RequireAddedTokenId(AddedToken.EndOfText);
        StopTokenIds = [tokenizer.RequireAddedTokenId(AddedToken.ImEnd), PadTokenId];
    }

    /// <summary>Loads the train rows, the tokenizer and the benchmark problems named by the spec.</summary>
    /// <exception cref="RunSpecException">A field the math task needs is missing or names an unknown benchmark.</exception>
    public static async Task<MathTrainingTask> LoadAsync(RunSpec spec, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var checkpoint = spec.Model.Checkpoint
            ?? throw new RunSpecException(source, "model.checkpoint", "is required when task.kind is 'math' (a Hugging Face Qwen2 directory)");
        // An eval run (algorithm eval) trains on nothing: it needs no train file.
        var trainPath = spec.Task.TrainPath;
        if (trainPath is null)
        {
            if (spec.Algorithm != Algorithm.Eval) throw new RunSpecException(source, "task.train_path", "is required when task.kind is 'math'");
        }
        else if (!File.Exists(trainPath)) throw new RunSpecException(source, "task.train_path", $"file not found: {trainPath}");
        var names = spec.Eval.Benchmarks is { Length: > 0 } b ? b : DefaultBenchmarks;
        foreach (var name in names)
        {
            if (!MathBenchmarks.Names.Contains(name))
                throw new RunSpecException(source, "eval.benchmarks", $"unknown benchmark '{name}'; supported: {string.Join(", ", MathBenchmarks.Names)}");
        }

        var tokenizerDir = spec.Task.Tokenizer ?? checkpoint;
        var tokenizer = Qwen2Tokenizer.Load(tokenizerDir);
        IReadOnlyList<MathProblem> train = [];
        if (trainPath is not null)
        {
            train = await MathTrainData.LoadAsync(trainPath, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (train.Count == 0) throw new RunSpecException(source, "task.train_path", $"no problems in {trainPath}");
        }
        var evalOptions = new MathEvalOptions
        {
            Benchmarks = names,
            Samples = spec.Eval.Samples,
            MaxNewTokens = spec.Eval.MaxNewTokens,
            Limit = spec.Eval.PerLevel,
            Seed = spec.Seed,
        }.Validate();
        var dataDir = spec.Eval.DataDir ?? RepoPaths.RequireShared("data/benchmarks");
        var benchmarks = names.ToDictionary(n => n, n => MathBenchmarks.Load(n, MathBenchmarks.PathOf(dataDir, n), evalOptions.Limit));
        return new MathTrainingTask(spec, checkpoint, tokenizerDir, tokenizer, train, evalOptions, benchmarks);
    }

    public int TrainCount => _train.Count;

    public int PadTokenId { get; }

    public IReadOnlyList<int> StopTokenIds { get; }

    public string Summary => $"train {_train.Count}, eval {string.Join("+", _benchmarks.Select(kv => $"{kv.Key} {kv.Value.Count}"))}";

    public Qwen2ForCausalLM CreateModel() => ModelFiles.Load(_checkpoint);

    public TrainPrompt Prompt(int trainIndex) => new(_train[trainIndex].Index, 0);

    public RolloutBatch Sample(Qwen2ForCausalLM policy, IReadOnlyList<int> trainIndices, IReadOnlyList<int> counts,
        GenerationOptions options, torch.Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (_sampler is null || !ReferenceEquals(_samplerModel, policy))
        {
            // The verl training-data form of the prompt (with the final period).
            _sampler = new MathRolloutSampler(policy, _tokenizer, MathRolloutSampler.TrainQuestionSuffix);
            _samplerModel = policy;
        }
        return _sampler.Sample(trainIndices.Select(i => _train[i]).ToArray(), counts, options, generator);
    }

    public Dictionary<string, double> Evaluate(Qwen2ForCausalLM policy)
    {
        var result = _lastEvaluation = new MathEvaluator(policy, _tokenizer, _evalOptions).Run(_runName, _benchmarks);
        policy.train();
        var metrics = new Dictionary<string, double>();
        foreach (var score in result.Scores)
        {
            var prefix = MetricNames.EvalBenchmark(score.Benchmark);
            metrics[prefix + "/mean_at_k"] = score.MeanAtK;
            metrics[prefix + "/pass_at_k"] = score.PassAtK;
            metrics[prefix + "/maj_at_k"] = score.MajAtK;
        }
        metrics[MetricNames.EvalAccuracy] = result.AverageMeanAtK;
        return metrics;
    }

    /// <summary>The last evaluation as <c>gvm eval --out</c> writes it: samples.jsonl, summary.json, table1.md.</summary>
    public void WriteEvaluation(string directory)
    {
        if (_lastEvaluation is not null) EvalReport.Write(_lastEvaluation, directory);
    }

    /// <summary>HF weights plus the tokenizer files, so <c>gvm eval --model final/</c> needs no <c>--tokenizer</c>.</summary>
    public void SaveFinal(Qwen2ForCausalLM policy, string directory)
    {
        ModelFiles.Save(policy, directory);
        foreach (var file in new[] { Qwen2TokenizerLoader.TokenizerJson, Qwen2TokenizerLoader.VocabJson, Qwen2TokenizerLoader.MergesTxt, Qwen2TokenizerLoader.TokenizerConfigJson })
        {
            var from = Path.Combine(_tokenizerDir, file);
            if (File.Exists(from)) File.Copy(from, Path.Combine(directory, file), overwrite: true);
        }
    }
}
