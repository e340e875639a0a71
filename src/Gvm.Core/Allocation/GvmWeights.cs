namespace Gvm.Core.Allocation;

/// <summary>
/// The unnormalised GVM weights w_i = G_i / sqrt(p_i + α·p_i^(1-β)) (arXiv 2505.02391, Sec. 3: the minimiser of the
/// variance bound Σ_i G_i² / ((p_i + α·p_i^(1-β))·n_i) under Σ_i n_i = N is n_i ∝ w_i), and the two filters of the
/// authors' pipeline. Pure functions over spans.
/// </summary>
public static class GvmWeights
{
    /// <summary>d_i = p_i + α·p_i^(1-β) = p_i + α / p_i^(β-1); the per-prompt "effective acceptance" of the bound.</summary>
    public static double Denominator(double acceptRate, double alpha, double beta) =>
        beta == 2.0 ? acceptRate + alpha / acceptRate : acceptRate + alpha * Math.Pow(acceptRate, 1.0 - beta);

    /// <summary>w_i for one prompt; 0 when p_i = 0 or G_i = 0 (nothing accepted, or no gradient signal).</summary>
    public static double Weight(double acceptRate, double gradNorm, double alpha, double beta)
    {
        if (acceptRate <= 0 || gradNorm <= 0) return 0;
        var d = Denominator(acceptRate, alpha, beta);
        return double.IsFinite(d) && d > 0 ? gradNorm / Math.Sqrt(d) : 0;
    }

    /// <summary>Fills <paramref name="weights"/> with w_i for every prompt.</summary>
    public static void Compute(ReadOnlySpan<double> acceptRate, ReadOnlySpan<double> gradNorm, double alpha, double beta, Span<double> weights)
    {
        if (gradNorm.Length != acceptRate.Length || weights.Length != acceptRate.Length)
            throw new ArgumentException("acceptRate, gradNorm and weights must have the same length");
        for (var i = 0; i < acceptRate.Length; i++)
            weights[i] = Weight(acceptRate[i], gradNorm[i], alpha, beta);
    }

    /// <summary>Zeroes the weight of prompts with p_i above <paramref name="threshold"/> (0 = off). Returns how many were dropped.</summary>
    public static int FilterAboveThreshold(ReadOnlySpan<double> acceptRate, Span<double> weights, double threshold)
    {
        if (threshold <= 0) return 0;
        var dropped = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] > 0 && acceptRate[i] > threshold) { weights[i] = 0; dropped++; }
        }
        return dropped;
    }

    /// <summary>
    /// Zeroes the weight of prompts whose expected accepted count p_i·budget·w_i/Σw is below <paramref name="minExpected"/>
    /// (0 = off), judged on the shares before renormalising. One pass suffices: dropping prompts only raises the
    /// others' shares, so every survivor still passes afterwards. Returns how many were dropped.
    /// </summary>
    public static int FilterInsufficient(ReadOnlySpan<double> acceptRate, Span<double> weights, double budget, double minExpected)
    {
        if (minExpected <= 0) return 0;
        var total = Sum(weights);
        if (total <= 0) return 0;
        var dropped = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] > 0 && acceptRate[i] * budget * weights[i] / total < minExpected) { weights[i] = 0; dropped++; }
        }
        return dropped;
    }

    /// <summary>Σ w_i, summed in index order (deterministic).</summary>
    public static double Sum(ReadOnlySpan<double> weights)
    {
        double s = 0;
        foreach (var w in weights) s += w;
        return s;
    }
}
