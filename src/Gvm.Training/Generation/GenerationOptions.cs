namespace Gvm.Training.Generation;

/// <summary>How <see cref="BatchGenerator"/> samples. Immutable; <see cref="Validate"/> runs before generation.</summary>
public sealed record GenerationOptions
{
    /// <summary>Logits are divided by it before top-k/top-p and sampling. Ignored when <see cref="Greedy"/>.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Nucleus sampling: keep the smallest set of tokens whose probability reaches TopP (1 = off).</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Keep only the K most likely tokens (0 = off).</summary>
    public int TopK { get; init; }

    public int MaxNewTokens { get; init; } = 64;

    /// <summary>A sequence finishes after emitting any of these (the stop token is kept in its output).</summary>
    public IReadOnlyList<int> StopTokenIds { get; init; } = [];

    /// <summary>Argmax decoding for evaluation; returned log-probs are then those of the untempered model.</summary>
    public bool Greedy { get; init; }

    /// <summary>Seed of the sampling generator when the caller passes none; null = a fresh random seed.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Incremental decoding with a KV cache (off only for benchmarks and equivalence tests).</summary>
    public bool UseKvCache { get; init; } = true;

    /// <summary>Tests only: decode with the straightforward KV-cache loop (no row leaves the batch, masks and positions
    /// derived each step, torch.multinomial) that the fast loop must reproduce.</summary>
    internal bool PlainDecode { get; init; }

    /// <summary>Id used for left padding of prompts and after a sequence has finished (never attended to).</summary>
    public int PadTokenId { get; init; }

    public GenerationOptions Validate()
    {
        if (!(Temperature > 0)) throw new ArgumentException($"Temperature must be > 0 (got {Temperature})", nameof(Temperature));
        if (!(TopP > 0 && TopP <= 1)) throw new ArgumentException($"TopP must be in (0, 1] (got {TopP})", nameof(TopP));
        ArgumentOutOfRangeException.ThrowIfNegative(TopK, nameof(TopK));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxNewTokens, nameof(MaxNewTokens));
        ArgumentOutOfRangeException.ThrowIfNegative(PadTokenId, nameof(PadTokenId));
        return this;
    }
}
