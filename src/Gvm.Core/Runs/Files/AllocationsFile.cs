using System.Text.Json;
using Gvm.Core.Inputs;

namespace Gvm.Core.Runs.Files;

/// <summary>One line of allocations.jsonl as read: the GVM allocation n_i of one prompt in one EM iteration.</summary>
public sealed record AllocationRecord
{
    public int Iteration { get; init; }
    public long Step { get; init; }
    public string PromptId { get; init; } = "";
    /// <summary>The prompt's difficulty level, when the trainer logs it.</summary>
    public int? Level { get; init; }
    /// <summary>p_i: the prompt's estimated acceptance rate from stage-1 presamples.</summary>
    public double AcceptRate { get; init; }
    /// <summary>G_i: the prompt's estimated gradient norm.</summary>
    public double GradNorm { get; init; }
    /// <summary>n_i: stage-2 samples allocated to the prompt.</summary>
    public int N { get; init; }
}

/// <summary>
/// The codec of <see cref="RunFiles.Allocations"/>: one JSON object per prompt per EM iteration with
/// <c>iteration, step, prompt_id, level, accept_rate, grad_norm, n, uniform_fallback</c> (the trainer writes all of
/// them; a reader also takes lines without <c>step</c> or <c>level</c>, and a prompt id given as a string).
/// </summary>
public static class AllocationsFile
{
    public const string Iteration = "iteration";
    public const string Step = "step";
    public const string PromptId = "prompt_id";
    public const string Level = "level";
    public const string AcceptRate = "accept_rate";
    public const string GradNorm = "grad_norm";
    public const string N = "n";
    public const string UniformFallback = "uniform_fallback";

    /// <summary>One line and its newline (<paramref name="uniformFallback"/>: the iteration's GVM allocation allocated nothing).</summary>
    public static string Encode(int iteration, int step, int promptId, int level, double acceptRate, double gradNorm, int n, bool uniformFallback) =>
        RunFileLines.Line(w =>
        {
            w.WriteNumber(Iteration, iteration);
            w.WriteNumber(Step, step);
            w.WriteNumber(PromptId, promptId);
            w.WriteNumber(Level, level);
            RunFileLines.WriteNumber(w, AcceptRate, acceptRate);
            RunFileLines.WriteNumber(w, GradNorm, gradNorm);
            w.WriteNumber(N, n);
            w.WriteBoolean(UniformFallback, uniformFallback);
        });

    /// <summary>Every line (a torn last line is ignored; any other bad line is an <see cref="InputException"/>).</summary>
    public static IReadOnlyList<AllocationRecord> Parse(string text, string source) => RunFileLines.Parse(text, source, Decode);

    public static AllocationRecord Decode(JsonElement root, string source, int n) => new()
    {
        Iteration = (int)RunFileLines.Integer(root, Iteration, source, n)!.Value,
        Step = RunFileLines.Integer(root, Step, source, n, required: false) ?? 0,
        PromptId = RunFileLines.Key(root, PromptId, source, n),
        Level = (int?)RunFileLines.Integer(root, Level, source, n, required: false),
        AcceptRate = RunFileLines.Number(root, AcceptRate, source, n),
        GradNorm = RunFileLines.Number(root, GradNorm, source, n),
        N = (int)RunFileLines.Integer(root, N, source, n)!.Value,
    };
}
