namespace Gvm.Core.Allocation;

/// <summary>
/// Stage-1 (presampling) statistics of one prompt: how many responses were drawn, how many were accepted, and the sum
/// of the gradient norms of the accepted ones.
/// </summary>
public readonly record struct PresampleStats(int Presamples, int Accepted, double GradNormSum)
{
    /// <summary>p_i = accepted / presamples (0 with no presamples).</summary>
    public double AcceptRate => Presamples > 0 ? (double)Accepted / Presamples : 0;

    /// <summary>G_i = mean over accepted samples of ‖∇θ(-log π(y|x))‖₂ (0 with none accepted).</summary>
    public double GradNorm => Accepted > 0 ? GradNormSum / Accepted : 0;

    /// <summary>Adds one presample; <paramref name="gradNorm"/> is only used when it was accepted.</summary>
    public PresampleStats With(bool accepted, double gradNorm = 0) =>
        accepted ? new(Presamples + 1, Accepted + 1, GradNormSum + gradNorm) : this with { Presamples = Presamples + 1 };
}
