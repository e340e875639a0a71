namespace Gvm.Training.Rl;

/// <summary>
/// Outcome advantages per response (pure functions; broadcast over the response tokens by the caller).
/// Semantics follow verl <c>core_algos.compute_grpo_outcome_advantage</c> and the RAFT++ rule of the GVM paper.
/// </summary>
public static class Advantages
{
    /// <summary>verl's epsilon in the GRPO denominator.</summary>
    public const double GrpoEpsilon = 1e-6;

    /// <summary>
    /// GRPO (Shao et al. 2024, Eq. for outcome supervision; GVM paper Sec. 2): A_ij = (r_ij - mean_i) / (std_i + ε),
    /// where the mean and the unbiased std are taken over prompt i's group. Groups may have different sizes (GVM).
    /// As in verl, a group of one sample uses mean 0 and std 1, so its advantage is r / (1 + ε).
    /// With <paramref name="normalizeByStd"/> false the advantage is r_ij - mean_i (Dr. GRPO style).
    /// </summary>
    public static double[] Grpo(IReadOnlyList<double> rewards, IReadOnlyList<int> groupIds, bool normalizeByStd = true, double epsilon = GrpoEpsilon)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(groupIds);
        if (rewards.Count != groupIds.Count) throw new ArgumentException($"{rewards.Count} rewards but {groupIds.Count} group ids");

        var members = new Dictionary<int, List<int>>();
        for (var i = 0; i < rewards.Count; i++)
        {
            if (!members.TryGetValue(groupIds[i], out var list)) members[groupIds[i]] = list = new List<int>();
            list.Add(i);
        }

        var result = new double[rewards.Count];
        foreach (var (_, idx) in members)
        {
            double mean = 0, std = 1;
            if (idx.Count > 1)
            {
                mean = idx.Average(i => rewards[i]);
                var ss = idx.Sum(i => (rewards[i] - mean) * (rewards[i] - mean));
                std = Math.Sqrt(ss / (idx.Count - 1)); // unbiased, as torch.std
            }
            foreach (var i in idx)
                result[i] = normalizeByStd ? (rewards[i] - mean) / (std + epsilon) : rewards[i] - mean;
        }
        return result;
    }

    /// <summary>
    /// RAFT++ (GVM paper Sec. 2, Eq. 2 with the clipped ratio of Eq. 4): advantage max(r, 0) per response, as verl
    /// <c>core_algos.compute_raft_outcome_advantage</c> (<c>scores[scores &lt; 0] = 0</c>). Rejected responses keep
    /// advantage 0 and stay in the batch.
    /// </summary>
    public static double[] RaftPlusPlus(IReadOnlyList<double> rewards)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        var adv = new double[rewards.Count];
        for (var i = 0; i < rewards.Count; i++) adv[i] = Math.Max(rewards[i], 0);
        return adv;
    }
}
