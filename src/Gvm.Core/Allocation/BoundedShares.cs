namespace Gvm.Core.Allocation;

/// <summary>
/// Real-valued shares x_i = clamp(λ·w_i, lo, hi) with Σ x_i = total ("water-filling"): the minimiser of the GVM
/// variance bound under per-prompt bounds is the proportional rule clipped at the bounds, with the clipped budget
/// spread over the free prompts at a common λ. Without bounds this is x_i = total·w_i / Σw.
/// </summary>
public static class BoundedShares
{
    /// <summary>
    /// Fills <paramref name="shares"/> for positive <paramref name="weights"/> (every weight must be > 0).
    /// <paramref name="max"/> = 0 means no upper bound. Returns the total actually assigned: <paramref name="total"/>,
    /// or count·max when the upper bounds cannot absorb it.
    /// </summary>
    public static double Compute(ReadOnlySpan<double> weights, double total, int min, int max, Span<double> shares)
    {
        if (shares.Length != weights.Length) throw new ArgumentException("weights and shares must have the same length");
        var count = weights.Length;
        if (count == 0) return 0;
        if ((double)count * min > total)
            throw new AllocationException($"the budget {total} cannot give {count} prompts their minimum of {min} samples each");
        if (max > 0 && (double)count * max <= total)
        {
            shares.Fill(max);
            return (double)count * max;
        }

        var sum = GvmWeights.Sum(weights);
        if (min == 0 && max == 0)
        {
            var scale = total / sum;
            for (var i = 0; i < count; i++) shares[i] = weights[i] * scale;
            return total;
        }

        // Bisection on λ: f(λ) = Σ clamp(λ w_i, min, max) is continuous and non-decreasing, f(0) = count·min <= total.
        double lowLambda = 0, highLambda = total / sum;
        if (max > 0)
        {
            var minWeight = double.PositiveInfinity;
            foreach (var w in weights) minWeight = Math.Min(minWeight, w);
            highLambda = Math.Max(highLambda, max / minWeight);
        }
        for (var iter = 0; iter < 200 && highLambda - lowLambda > highLambda * 1e-15; iter++)
        {
            var mid = 0.5 * (lowLambda + highLambda);
            if (Clamped(weights, mid, min, max) < total) lowLambda = mid; else highLambda = mid;
        }

        // Solve λ exactly on the active set found at highLambda, so the free shares stay exactly proportional.
        double fixedTotal = 0, freeWeight = 0;
        foreach (var w in weights)
        {
            var x = highLambda * w;
            if (x <= min) fixedTotal += min;
            else if (max > 0 && x >= max) fixedTotal += max;
            else freeWeight += w;
        }
        var lambda = freeWeight > 0 ? (total - fixedTotal) / freeWeight : highLambda;
        for (var i = 0; i < count; i++)
        {
            var x = highLambda * weights[i];
            shares[i] = x <= min ? min : max > 0 && x >= max ? max : Math.Clamp(lambda * weights[i], min, max > 0 ? max : double.MaxValue);
        }
        return total;
    }

    private static double Clamped(ReadOnlySpan<double> weights, double lambda, int min, int max)
    {
        double s = 0;
        foreach (var w in weights)
        {
            var x = lambda * w;
            s += x < min ? min : max > 0 && x > max ? max : x;
        }
        return s;
    }
}
