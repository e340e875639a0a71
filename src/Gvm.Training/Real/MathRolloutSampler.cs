using Gvm.Reasoning.Tokenizers;
using Gvm.Training.Eval;
using Gvm.Training.Generation;
using Gvm.Training.Model;
using Gvm.Training.Rewards;
using Gvm.Training.Rollout;
using TorchSharp;

namespace Gvm.Training.Real;

/// <summary>
/// Generate + Score for real math prompts: the paper's chat prompt through the Qwen2 tokenizer, sampling with stop at
/// <c>&lt;|im_end|&gt;</c>/<c>&lt;|endoftext|&gt;</c>, and <see cref="MathReward"/> (the answer grader in strict mode) as the
/// 0/1 reward (GVM uses the same Math-Verify function for reward and evaluation; spec math-grading.md §2).
/// </summary>
public sealed class MathRolloutSampler
{
    private readonly Qwen2ForCausalLM _model;
    private readonly Qwen2Tokenizer _tokenizer;
    private readonly string _questionSuffix;
    private readonly Func<string, string, double> _reward;
    private readonly Dictionary<string, int[]> _prompts = new(StringComparer.Ordinal);

    /// <summary>verl training data suffix (the authors' runs/data_preprocess/numina_process.py, with the final period).</summary>
    public const string TrainQuestionSuffix = " Let's think step by step and output the final answer within \\boxed{}.";

    public MathRolloutSampler(Qwen2ForCausalLM model, Qwen2Tokenizer tokenizer, string questionSuffix)
        : this(model, tokenizer, questionSuffix, MathReward.Score)
    {
    }

    /// <summary>With a stand-in reward: for tests only (a random model never earns the grader's reward).</summary>
    internal MathRolloutSampler(Qwen2ForCausalLM model, Qwen2Tokenizer tokenizer, string questionSuffix, Func<string, string, double> reward)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        _questionSuffix = questionSuffix ?? throw new ArgumentNullException(nameof(questionSuffix));
        _reward = reward ?? throw new ArgumentNullException(nameof(reward));
        PadTokenId = tokenizer.RequireAddedTokenId(AddedToken.EndOfText);
        StopTokenIds = [tokenizer.RequireAddedTokenId(AddedToken.ImEnd), PadTokenId];
    }

    public int PadTokenId { get; }

    public IReadOnlyList<int> StopTokenIds { get; }

    public int[] PromptIds(MathProblem problem)
    {
        if (!_prompts.TryGetValue(problem.Problem, out var ids))
            _prompts[problem.Problem] = ids = _tokenizer.Encode(ChatMlTemplate.RenderMathPrompt(problem.Problem, _questionSuffix));
        return ids;
    }

    /// <summary>counts[i] responses for problems[i], rows prompt-major; group id = the problem's index.</summary>
    public RolloutBatch Sample(IReadOnlyList<MathProblem> problems, IReadOnlyList<int> counts, GenerationOptions options, torch.Generator generator)
    {
        var expanded = new List<MathProblem>();
        for (var i = 0; i < problems.Count; i++)
            for (var k = 0; k < counts[i]; k++) expanded.Add(problems[i]);
        var prompts = expanded.Select(PromptIds).ToArray();
        var result = BatchGenerator.Generate(_model, prompts, options, generator);
        var scoring = System.Diagnostics.Stopwatch.StartNew();
        var rewards = new double[expanded.Count];
        for (var i = 0; i < expanded.Count; i++)
            rewards[i] = _reward(_tokenizer.Decode(result.Tokens[i], skipSpecialTokens: true), expanded[i].Answer);
        return new RolloutBatch(expanded.Select(p => p.Index).ToArray(), new int[expanded.Count], prompts, result.Tokens.ToArray(),
            result.LogProbs.ToArray(), rewards) { ScoreSeconds = scoring.Elapsed.TotalSeconds };
    }
}
