namespace Gvm.Reporting.Inputs;

/// <summary>One line of allocations.jsonl: the GVM allocation n_i of one prompt in one EM iteration.</summary>
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
