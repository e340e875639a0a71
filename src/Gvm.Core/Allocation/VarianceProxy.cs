namespace Gvm.Core.Allocation;

/// <summary>
/// The variance proxy that the GVM allocation minimises (arXiv 2505.02391, Sec. 3):
/// V(n) = Σ_i G_i² / ((p_i + α·p_i^(1-β)) · n_i). Prompts with p_i = 0 or G_i = 0 contribute nothing.
/// </summary>
public static class VarianceProxy
{
    /// <summary>
    /// V(n) for integer sample sizes. A prompt with a positive term and n_i = 0 makes V infinite (the bound has no
    /// finite value without samples); pass <paramref name="skipUnsampled"/> to leave such prompts out instead.
    /// </summary>
    public static double Compute(ReadOnlySpan<double> acceptRate, ReadOnlySpan<double> gradNorm, ReadOnlySpan<int> sampleSizes,
        double alpha = GvmAllocationOptions.DefaultAlpha, double beta = GvmAllocationOptions.DefaultBeta, bool skipUnsampled = false)
    {
        CheckLengths(acceptRate, gradNorm, sampleSizes.Length);
        double v = 0;
        for (var i = 0; i < acceptRate.Length; i++)
        {
            var w = GvmWeights.Weight(acceptRate[i], gradNorm[i], alpha, beta);
            if (w == 0) continue;
            if (sampleSizes[i] <= 0)
            {
                if (skipUnsampled) continue;
                return double.PositiveInfinity;
            }
            v += w * w / sampleSizes[i]; // w_i² = G_i² / d_i
        }
        return v;
    }

    /// <summary>
    /// Predicted V(uniform) / V(gvm) for one batch at equal total budget, with the continuous optimum n_i ∝ w_i:
    /// V(uniform) = m·Σw_i² / B and V(gvm) = (Σw_i)² / B, so the ratio is m·Σw_i² / (Σw_i)² ≥ 1 (Cauchy–Schwarz),
    /// independent of B; m counts every prompt (the uniform rule also spends samples on prompts with w_i = 0).
    /// Returns 1 when no prompt has a positive weight.
    /// </summary>
    public static double PredictedRatio(ReadOnlySpan<double> acceptRate, ReadOnlySpan<double> gradNorm, double alpha = GvmAllocationOptions.DefaultAlpha, double beta = GvmAllocationOptions.DefaultBeta)
    {
        CheckLengths(acceptRate, gradNorm, acceptRate.Length);
        double sum = 0, sumSquares = 0;
        for (var i = 0; i < acceptRate.Length; i++)
        {
            var w = GvmWeights.Weight(acceptRate[i], gradNorm[i], alpha, beta);
            sum += w;
            sumSquares += w * w;
        }
        return sum > 0 ? acceptRate.Length * sumSquares / (sum * sum) : 1.0;
    }

    /// <summary>
    /// V(uniform) / V(n) for a realised integer allocation against <paramref name="uniformSamplesPerPrompt"/> per prompt.
    /// Prompts the allocation leaves unsampled are skipped on the GVM side (they add bias, not variance).
    /// </summary>
    public static double PredictedRatio(ReadOnlySpan<double> acceptRate, ReadOnlySpan<double> gradNorm, ReadOnlySpan<int> sampleSizes,
        int uniformSamplesPerPrompt, double alpha = GvmAllocationOptions.DefaultAlpha, double beta = GvmAllocationOptions.DefaultBeta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(uniformSamplesPerPrompt, 1);
        CheckLengths(acceptRate, gradNorm, sampleSizes.Length);
        double uniform = 0;
        for (var i = 0; i < acceptRate.Length; i++)
        {
            var w = GvmWeights.Weight(acceptRate[i], gradNorm[i], alpha, beta);
            uniform += w * w / uniformSamplesPerPrompt;
        }
        var gvm = Compute(acceptRate, gradNorm, sampleSizes, alpha, beta, skipUnsampled: true);
        return gvm > 0 ? uniform / gvm : 1.0;
    }

    private static void CheckLengths(ReadOnlySpan<double> acceptRate, ReadOnlySpan<double> gradNorm, int sizes)
    {
        if (gradNorm.Length != acceptRate.Length || sizes != acceptRate.Length)
            throw new ArgumentException("acceptRate, gradNorm and sampleSizes must have the same length");
    }
}
