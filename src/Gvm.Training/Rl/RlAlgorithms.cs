using Gvm.Core.Runs;
using Gvm.Training.Rollout;

namespace Gvm.Training.Rl;

/// <summary>The one dispatch from an RL algorithm to its advantage estimator (verl ray_trainer.compute_advantage).</summary>
public static class RlAlgorithms
{
    /// <summary>
    /// One advantage per sample of <paramref name="rollouts"/>; every sample is trained on. RAFT++ (and GVM-RAFT++):
    /// max(r, 0), so rejected samples stay in the batch with advantage 0, counting in the token-mean denominator and
    /// carrying the KL term, as verl core_algos.compute_raft_outcome_advantage does. GRPO (and GVM-GRPO): group-normalised.
    /// </summary>
    public static double[] Advantages(Algorithm algorithm, RolloutBatch rollouts, bool normalizeByStd) => algorithm switch
    {
        Algorithm.RaftPlusPlus or Algorithm.GvmRaftPlusPlus => Rl.Advantages.RaftPlusPlus(rollouts.Rewards),
        Algorithm.Grpo or Algorithm.GvmGrpo => Rl.Advantages.Grpo(rollouts.Rewards, rollouts.GroupIds, normalizeByStd),
        _ => throw new NotSupportedException($"algorithm '{algorithm.ToName()}' is not an RL algorithm; supported: raft_pp, gvm_raft_pp, grpo, gvm_grpo"),
    };
}
