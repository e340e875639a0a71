namespace Gvm.Training.Study;

/// <summary>
/// REINFORCE with a leave-one-out baseline (Kool et al. 2019, "Buy 4 REINFORCE samples, get a baseline for free"),
/// the study's reference estimator of ∇J, J = (1/m) Σ_i E_{y~π(·|x_i)}[r(x_i, y)] (pure).
/// For prompt i with K_i ≥ 2 samples: ĝ_i = (1/K_i) Σ_j (r_ij − b_ij) ∇ log π(y_ij | x_i), b_ij = (Σ_k r_ik − r_ij)/(K_i − 1);
/// b_ij does not depend on y_ij, so E[(b_ij) ∇ log π(y_ij)] = 0 and ĝ_i is unbiased for ∇E[r | x_i].
/// </summary>
public static class LeaveOneOut
{
    /// <summary>
    /// Per-sample weights w_j with ĝ = Σ_j w_j ∇ log π(y_j) = (1/m) Σ_i ĝ_i; <paramref name="promptCount"/> is m.
    /// Every group needs at least two samples.
    /// </summary>
    public static double[] Weights(IReadOnlyList<double> rewards, IReadOnlyList<int> groupIds, int promptCount)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(groupIds);
        ArgumentOutOfRangeException.ThrowIfLessThan(promptCount, 1);
        if (rewards.Count != groupIds.Count) throw new ArgumentException($"{rewards.Count} rewards but {groupIds.Count} group ids");
        var sums = new Dictionary<int, (double Sum, int Count)>();
        for (var j = 0; j < rewards.Count; j++)
        {
            var (sum, count) = sums.GetValueOrDefault(groupIds[j]);
            sums[groupIds[j]] = (sum + rewards[j], count + 1);
        }
        var w = new double[rewards.Count];
        for (var j = 0; j < rewards.Count; j++)
        {
            var (sum, k) = sums[groupIds[j]];
            if (k < 2) throw new ArgumentException($"group {groupIds[j]} has {k} sample; a leave-one-out baseline needs at least 2");
            var baseline = (sum - rewards[j]) / (k - 1);
            w[j] = (rewards[j] - baseline) / (k * (double)promptCount);
        }
        return w;
    }
}
