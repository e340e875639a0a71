using System.Diagnostics;
using Gvm.Reasoning.Grading;
using Gvm.Reasoning.Tokenizers;
using Gvm.Training.Generation;
using Gvm.Training.Model;
using TorchSharp;

namespace Gvm.Training.Eval;

/// <summary>
/// The paper's evaluation protocol: each problem rendered with the Qwen2.5-Math chat prompt, k samples generated
/// (stopping at <c>&lt;|im_end|&gt;</c> / <c>&lt;|endoftext|&gt;</c>), each response graded by <see cref="MathGrader"/>
/// against the gold, then <see cref="EvalMetrics"/> per benchmark.
/// </summary>
public sealed class MathEvaluator
{
    private readonly Qwen2ForCausalLM _model;
    private readonly Qwen2Tokenizer _tokenizer;
    private readonly MathEvalOptions _options;

    public MathEvaluator(Qwen2ForCausalLM model, Qwen2Tokenizer tokenizer, MathEvalOptions options)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
    }

    /// <summary>The prompt ids of one problem (system prompt + problem + suffix + generation prompt).</summary>
    public int[] PromptIds(string problem) =>
        _tokenizer.Encode(ChatMlTemplate.RenderMathPrompt(problem, _options.QuestionSuffix));

    /// <summary>Evaluates the benchmarks; <paramref name="progress"/> receives one line per finished batch.</summary>
    public EvalResult Run(string modelName, IReadOnlyDictionary<string, IReadOnlyList<MathProblem>> benchmarks,
        Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(benchmarks);
        _model.eval();
        var generation = new GenerationOptions
        {
            Temperature = _options.Temperature,
            TopP = _options.TopP,
            MaxNewTokens = _options.MaxNewTokens,
            StopTokenIds = [_tokenizer.RequireAddedTokenId(AddedToken.ImEnd), _tokenizer.RequireAddedTokenId(AddedToken.EndOfText)],
            PadTokenId = _tokenizer.RequireAddedTokenId(AddedToken.EndOfText),
        }.Validate();
        using var generator = new torch.Generator((ulong)_options.Seed, _model.Device);

        var scores = new List<BenchmarkScore>();
        var allSamples = new List<EvalSample>();
        foreach (var name in _options.Benchmarks)
        {
            if (!benchmarks.TryGetValue(name, out var problems)) throw new ArgumentException($"benchmark '{name}' was not loaded", nameof(benchmarks));
            var watch = Stopwatch.StartNew();
            var samples = Generate(name, problems, generation, generator, progress, cancellationToken);
            var perProblem = samples.GroupBy(s => s.ProblemIndex).OrderBy(g => g.Key)
                .Select(g => (IReadOnlyList<GradedSample>)g.OrderBy(s => s.SampleIndex).Select(s => new GradedSample(s.Extracted, s.Correct)).ToList())
                .ToList();
            scores.Add(new BenchmarkScore(name, problems.Count, _options.Samples, EvalMetrics.MeanAtK(perProblem), EvalMetrics.PassAtK(perProblem),
                EvalMetrics.MajAtK(perProblem), samples.Sum(s => (long)s.Tokens), watch.Elapsed.TotalSeconds));
            allSamples.AddRange(samples);
        }
        return new EvalResult(modelName, _options, scores, allSamples);
    }

    private List<EvalSample> Generate(string name, IReadOnlyList<MathProblem> problems, GenerationOptions generation,
        torch.Generator generator, Action<string>? progress, CancellationToken cancellationToken)
    {
        // Every (problem, sample) pair is one sequence; batches mix problems so the batch stays full.
        var jobs = problems.SelectMany(p => Enumerable.Range(0, _options.Samples).Select(k => (Problem: p, Sample: k))).ToList();
        var promptCache = new Dictionary<int, int[]>();
        var samples = new List<EvalSample>(jobs.Count);
        for (var start = 0; start < jobs.Count; start += _options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = jobs.GetRange(start, Math.Min(_options.BatchSize, jobs.Count - start));
            var prompts = batch.Select(j => promptCache.TryGetValue(j.Problem.Index, out var ids) ? ids : promptCache[j.Problem.Index] = PromptIds(j.Problem.Problem)).ToList();
            var result = BatchGenerator.Generate(_model, prompts, generation, generator);
            for (var i = 0; i < batch.Count; i++)
            {
                var response = _tokenizer.Decode(result.Tokens[i], skipSpecialTokens: true);
                var grade = MathGrader.Grade(response, batch[i].Problem.Answer);
                samples.Add(new EvalSample(name, batch[i].Problem.Index, batch[i].Sample, response, grade.Extracted, grade.Correct,
                    batch[i].Problem.Answer, result.FinishReasons[i] == FinishReason.Stop ? "stop" : "length", result.Tokens[i].Length));
            }
            progress?.Invoke($"{name}: {Math.Min(start + batch.Count, jobs.Count)}/{jobs.Count} samples");
        }
        return samples;
    }
}
