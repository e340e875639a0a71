using static TorchSharp.torch;

namespace Gvm.Training.Losses;

/// <summary>KL terms between the policy and a frozen reference (verl <c>core_algos.kl_penalty</c>).</summary>
public static class KlPenalty
{
    /// <summary>
    /// "low_var_kl" (Schulman's k3 estimator, as verl): with d = logπ_ref − logπ, KL ≈ exp(d) − d − 1, clamped to
    /// [−10, 10]. Non-negative and unbiased for KL(π‖π_ref) under samples from π. Shapes [B, T] → [B, T].
    /// </summary>
    public static Tensor LowVarKl(Tensor logProbs, Tensor refLogProbs)
    {
        var d = refLogProbs - logProbs;           // [B, T]
        return (d.exp() - d - 1.0).clamp(-10.0, 10.0);
    }
}
