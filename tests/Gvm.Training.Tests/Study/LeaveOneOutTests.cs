using Gvm.Training.Study;

namespace Gvm.Training.Tests.Study;

public class LeaveOneOutTests
{
    [Fact]
    public void Weights_by_hand()
    {
        // Prompt 7: rewards 1, 0, 1 → baselines 0.5, 1, 0.5 → (0.5, −1, 0.5)/(3·2); prompt 9: 0, 1 → (−1, 1)/(2·2).
        var w = LeaveOneOut.Weights([1, 0, 1, 0, 1], [7, 7, 7, 9, 9], promptCount: 2);
        double[] expected = [0.5 / 6, -1.0 / 6, 0.5 / 6, -0.25, 0.25];
        Assert.Equal(expected.Length, w.Length);
        for (var j = 0; j < w.Length; j++) Assert.Equal(expected[j], w[j], 12);
    }

    [Fact]
    public void A_group_with_one_sample_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => LeaveOneOut.Weights([1, 0, 1], [1, 1, 2], 2));
    }

    [Fact]
    public void The_estimate_is_unbiased_on_a_softmax_bandit_by_exact_enumeration()
    {
        // One prompt, 3 actions, π = softmax(θ), reward r(a). ∇_θ log π(a) = e_a − π, so ĝ = Σ_j w_j (e_{a_j} − π).
        // E[ĝ] over all K-tuples of actions (enumerated exactly) must equal ∇ Σ_a π_a r_a = π ⊙ (r − π·r).
        double[] theta = [0.3, -1.1, 0.8], r = [1, 0, 0.5];
        var z = theta.Select(Math.Exp).ToArray();
        var pi = z.Select(v => v / z.Sum()).ToArray();
        var expectedReward = pi.Zip(r, (p, x) => p * x).Sum();
        var trueGradient = pi.Select((p, a) => p * (r[a] - expectedReward)).ToArray();
        foreach (var k in new[] { 2, 3, 4 })
        {
            var mean = new double[3];
            foreach (var tuple in Tuples(3, k))
            {
                var probability = tuple.Aggregate(1.0, (acc, a) => acc * pi[a]);
                var w = LeaveOneOut.Weights(tuple.Select(a => r[a]).ToArray(), new int[k], promptCount: 1);
                for (var j = 0; j < k; j++)
                    for (var c = 0; c < 3; c++)
                        mean[c] += probability * w[j] * ((c == tuple[j] ? 1 : 0) - pi[c]);
            }
            for (var c = 0; c < 3; c++) Assert.Equal(trueGradient[c], mean[c], 12);
        }
    }

    private static IEnumerable<int[]> Tuples(int actions, int length) =>
        length == 0 ? [[]] : Tuples(actions, length - 1).SelectMany(t => Enumerable.Range(0, actions).Select(a => (int[])[.. t, a]));
}
