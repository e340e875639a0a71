using Gvm.Core.Runs;
using Gvm.Training.Rollout;

namespace Gvm.Training.Rl;

/// <summary>The one dispatch from an RL algorithm's advantage estimator to its code (verl ray_trainer.compute_advantage).</summary>
public static class RlAlgorithms
{
    /// <summary>
    /// One advantage per sample of <paramref name="rollouts"/>; every sample is trained on. The estimator is the
    /// algorithm's registry entry (<see cref="AlgorithmInfo.Advantage"/>; the switch has no default arm, so a new
    /// estimator without its arm here fails the build). RAFT++ (and GVM-RAFT++): max(r, 0), so rejected samples stay in
    /// the batch with advantage 0, counting in the token-mean denominator and carrying the KL term, as verl
    /// core_algos.compute_raft_outcome_advantage does. GRPO (and GVM-GRPO): group-normalised. Dr. GRPO: group-centred
    /// whatever <c>optim.normalize_by_std</c> says (verl core_algos.compute_grpo_outcome_advantage with
    /// norm_adv_by_std_in_grpo=False, "as in Dr.GRPO").
    /// </summary>
    public static double[] Advantages(Algorithm algorithm, RolloutBatch rollouts, bool normalizeByStd) => algorithm.Info().Advantage switch
    {
        AdvantageEstimator.RaftPlusPlus => Rl.Advantages.RaftPlusPlus(rollouts.Rewards),
        AdvantageEstimator.Grpo => Rl.Advantages.Grpo(rollouts.Rewards, rollouts.GroupIds, normalizeByStd),
        AdvantageEstimator.DrGrpo => Rl.Advantages.Grpo(rollouts.Rewards, rollouts.GroupIds, normalizeByStd: false),
        AdvantageEstimator.None => throw new NotSupportedException($"algorithm '{algorithm.ToName()}' is not an RL algorithm; supported: {Algorithms.RlNames(", ")}"),
    };
}
