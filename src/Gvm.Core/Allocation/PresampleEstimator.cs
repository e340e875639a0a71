namespace Gvm.Core.Allocation;

/// <summary>
/// Accumulates per-sample presampling results into per-prompt acceptance rates p_i and gradient-norm estimates G_i.
/// G_i is the mean, over accepted samples, of the L2 norm of d(-log π(y|x))/dθ restricted to a parameter subset (the
/// authors use the token embeddings); the trainer computes each norm and feeds it here. Not thread-safe.
/// </summary>
public sealed class PresampleEstimator
{
    private readonly PresampleStats[] _stats;

    public PresampleEstimator(int promptCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(promptCount);
        _stats = new PresampleStats[promptCount];
    }

    public int PromptCount => _stats.Length;

    public PresampleStats this[int prompt] => _stats[prompt];

    /// <summary>Records one presample of <paramref name="prompt"/>; pass its gradient norm when it was accepted.</summary>
    public void Add(int prompt, bool accepted, double gradNorm = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prompt);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(prompt, _stats.Length);
        if (accepted && (!(gradNorm >= 0) || !double.IsFinite(gradNorm)))
            throw new ArgumentOutOfRangeException(nameof(gradNorm), gradNorm, "must be a finite number >= 0");
        _stats[prompt] = _stats[prompt].With(accepted, gradNorm);
    }

    /// <summary>Records a batch: sample k belongs to prompt <paramref name="promptIndex"/>[k].</summary>
    public void AddRange(ReadOnlySpan<int> promptIndex, ReadOnlySpan<bool> accepted, ReadOnlySpan<double> gradNorm)
    {
        if (accepted.Length != promptIndex.Length || gradNorm.Length != promptIndex.Length)
            throw new ArgumentException("promptIndex, accepted and gradNorm must have the same length");
        for (var k = 0; k < promptIndex.Length; k++) Add(promptIndex[k], accepted[k], gradNorm[k]);
    }

    /// <summary>p_i for every prompt.</summary>
    public double[] AcceptRates() => Array.ConvertAll(_stats, s => s.AcceptRate);

    /// <summary>G_i for every prompt.</summary>
    public double[] GradNorms() => Array.ConvertAll(_stats, s => s.GradNorm);

    /// <summary>The L2 norm of a flattened gradient (e.g. of the embedding rows), accumulated in double.</summary>
    public static double L2Norm(ReadOnlySpan<float> gradient)
    {
        double s = 0;
        foreach (var g in gradient) s += (double)g * g;
        return Math.Sqrt(s);
    }
}
