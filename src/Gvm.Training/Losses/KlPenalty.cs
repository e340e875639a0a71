using Gvm.Training.Model;
using TorchSharp;
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
        using var scope = NewDisposeScope();
        using var one = 1.0.ToScalar();           // scalars held for their calls (see Model.Scalars)
        using var low = (-10.0).ToScalar();
        using var high = 10.0.ToScalar();
        var d = refLogProbs.sub(logProbs);           // [B, T]
        return d.exp().sub(d).sub(one).clamp(low, high).MoveToOuterDisposeScope();
    }
}
