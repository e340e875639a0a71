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

        // Safeguarded Newton on λ: f(λ) = Σ clamp(λ w_i, min, max) is piecewise linear and non-decreasing with slope
        // Σ_free w_i, so a Newton step lands on the root once the clamped set stops changing (a few passes); a step
        // that leaves the bracket [low, high] falls back to bisection. f(0) = count·min <= total <= f(high).
        double low = 0, high = total / sum;
        if (max > 0)
        {
            var minWeight = double.PositiveInfinity;
            foreach (var w in weights) minWeight = Math.Min(minWeight, w);
            high = Math.Max(high, max / minWeight);
        }
        var lambdaTry = Math.Clamp(total / sum, low, high);
        for (var iter = 0; iter < 200; iter++)
        {
            var (f, slope) = Evaluate(weights, lambdaTry, min, max);
            if (Math.Abs(f - total) <= 1e-12 * Math.Max(1, total)) break;
            if (f < total) low = lambdaTry; else high = lambdaTry;
            var newton = slope > 0 ? lambdaTry + (total - f) / slope : double.NaN;
            lambdaTry = newton > low && newton < high ? newton : 0.5 * (low + high);
            if (high - low <= high * 1e-15) break;
        }
        // Solve λ exactly on the active set found at lambdaTry, so the free shares stay exactly proportional.
        double fixedTotal = 0, freeWeight = 0;
        foreach (var w in weights)
        {
            var x = lambdaTry * w;
            if (x <= min) fixedTotal += min;
            else if (max > 0 && x >= max) fixedTotal += max;
            else freeWeight += w;
        }
        var lambda = freeWeight > 0 ? (total - fixedTotal) / freeWeight : lambdaTry;
        for (var i = 0; i < count; i++)
        {
            var x = lambdaTry * weights[i];
            shares[i] = x <= min ? min : max > 0 && x >= max ? max : Math.Clamp(lambda * weights[i], min, max > 0 ? max : double.MaxValue);
        }
        return total;
    }

    /// <summary>f(λ) and its slope Σ w_i over the prompts strictly between the bounds.</summary>
    private static (double Value, double Slope) Evaluate(ReadOnlySpan<double> weights, double lambda, int min, int max)
    {
        double value = 0, slope = 0;
        foreach (var w in weights)
        {
            var x = lambda * w;
            if (x <= min) value += min;
            else if (max > 0 && x >= max) value += max;
            else { value += x; slope += w; }
        }
        return (value, slope);
    }
}
