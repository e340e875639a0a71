using Gvm.Training.Model;
using Gvm.Training.Rollout;
using static TorchSharp.torch;

namespace Gvm.Training.Study;

/// <summary>A reference gradient: g*/‖g*‖ (zeros when g* = 0), ‖g*‖ and the cosine between its two halves.</summary>
public sealed record ReferenceEstimate(Tensor Unit, double Norm, double SplitHalfCosine);

/// <summary>
/// The study's reference g* of ∇J, J = (1/m) Σ_i E[r | x_i]: g* = (h₁ + h₂)/2, h_k the leave-one-out REINFORCE gradient
/// (<see cref="LeaveOneOut"/>) of the k-th half of every prompt's K samples. Each half has its own baselines, so h₁ and
/// h₂ are independent and unbiased, and cos(h₁, h₂) measures g*'s own noise (<see cref="StudyStatistics.ReferenceCosine"/>).
/// </summary>
public static class ReferenceGradient
{
    /// <summary>
    /// The two halves' weights over a prompt-major batch of <paramref name="samplesPerPrompt"/> (K, even) rows per prompt:
    /// row i·K + j belongs to half ⌊j / (K/2)⌋ and gets that half's leave-one-out weight, 0 in the other half.
    /// </summary>
    public static double[][] HalfWeights(IReadOnlyList<double> rewards, int samplesPerPrompt, int promptCount)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        if (samplesPerPrompt < 4 || samplesPerPrompt % 2 != 0) throw new ArgumentOutOfRangeException(nameof(samplesPerPrompt), samplesPerPrompt, "must be even and >= 4");
        if (rewards.Count != samplesPerPrompt * promptCount) throw new ArgumentException($"{rewards.Count} rewards for {promptCount} prompts × {samplesPerPrompt}");
        var half = samplesPerPrompt / 2;
        var weights = new double[2][];
        for (var h = 0; h < 2; h++)
        {
            var members = Enumerable.Range(0, rewards.Count).Where(row => row % samplesPerPrompt / half == h).ToArray();
            var w = LeaveOneOut.Weights(members.Select(row => rewards[row]).ToArray(), members.Select(row => row / samplesPerPrompt).ToArray(), promptCount);
            weights[h] = new double[rewards.Count];
            for (var k = 0; k < members.Length; k++) weights[h][members[k]] = w[k];
        }
        return weights;
    }

    /// <summary>g* of a prompt-major batch; the returned tensor belongs to the caller's dispose scope.</summary>
    public static ReferenceEstimate Compute(Qwen2ForCausalLM policy, RolloutBatch batch, int samplesPerPrompt, int promptCount,
        double temperature, int padId, int microBatch)
    {
        using var scope = NewDisposeScope();
        var weights = HalfWeights(batch.Rewards, samplesPerPrompt, promptCount);
        var halves = FlatGradients.OfWeightedLogProbs(policy, batch, weights, temperature, padId, microBatch); // 2 × [P]
        var n1 = halves[0].norm().item<double>();
        var n2 = halves[1].norm().item<double>();
        var splitHalf = n1 > 0 && n2 > 0 ? halves[0].dot(halves[1]).item<double>() / (n1 * n2) : double.NaN;
        var gStar = halves[0].add(halves[1]).div(2);                                                           // [P]
        var norm = gStar.norm().item<double>();
        return new ReferenceEstimate((norm > 0 ? gStar.div(norm) : gStar).MoveToOuterDisposeScope(), norm, splitHalf);
    }
}
