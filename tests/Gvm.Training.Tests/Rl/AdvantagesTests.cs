using Gvm.Training.Rl;

namespace Gvm.Training.Tests.Rl;

public class AdvantagesTests
{
    [Fact]
    public void Grpo_normalises_within_unequal_groups_with_unbiased_std()
    {
        // group 7: [1,0,0,1] (n=4), group 3: [1,0] (n=2), group 5: [1] (singleton), group 9: [0,0,0] (no signal)
        double[] r = [1, 1, 0, 0, 0, 1, 0, 1, 0, 0];
        int[] g = [7, 3, 7, 9, 7, 5, 3, 7, 9, 9];
        var a = Advantages.Grpo(r, g);
        var s4 = Math.Sqrt(1.0 / 3.0); // std of [1,0,0,1]
        var s2 = Math.Sqrt(0.5);       // std of [1,0]
        double[] expected =
        [
            0.5 / (s4 + 1e-6), 0.5 / (s2 + 1e-6), -0.5 / (s4 + 1e-6), 0, -0.5 / (s4 + 1e-6),
            1 / (1 + 1e-6), -0.5 / (s2 + 1e-6), 0.5 / (s4 + 1e-6), 0, 0,
        ];
        for (var i = 0; i < r.Length; i++) Assert.Equal(expected[i], a[i], 9);
    }

    [Fact]
    public void Grpo_without_std_only_centres_and_singletons_keep_their_reward()
    {
        double[] r = [1, 0, 0, 1];
        int[] g = [0, 0, 0, 1];
        var a = Advantages.Grpo(r, g, normalizeByStd: false);
        double[] expected = [2.0 / 3, -1.0 / 3, -1.0 / 3, 1.0];
        for (var i = 0; i < a.Length; i++) Assert.Equal(expected[i], a[i], 9);
    }

    [Fact]
    public void Grpo_loop_matches_per_group_recomputation_for_random_groups()
    {
        var rnd = new Random(3);
        var g = Enumerable.Range(0, 200).Select(_ => rnd.Next(20)).ToArray();
        var r = g.Select(_ => (double)rnd.Next(2)).ToArray();
        var a = Advantages.Grpo(r, g);
        foreach (var group in g.Distinct())
        {
            var idx = Enumerable.Range(0, r.Length).Where(i => g[i] == group).ToArray();
            var sum = idx.Sum(i => a[i]);
            Assert.True(Math.Abs(sum) < 1e-9 || idx.Length == 1, $"group {group} advantages must sum to 0");
        }
    }

    [Fact]
    public void Raft_plus_plus_advantage_is_the_reward_clipped_at_zero_for_every_sample()
    {
        // verl core_algos.compute_raft_outcome_advantage: scores[scores < 0] = 0, one entry per sample (none dropped).
        var a = Advantages.RaftPlusPlus([0, 1, 0, 1, -1, 0.5]);
        Assert.Equal([0.0, 1, 0, 1, 0, 0.5], a);
    }

    [Fact]
    public void Raft_plus_plus_keeps_every_sample_of_a_batch_without_accepted_ones()
    {
        var a = Advantages.RaftPlusPlus([0, 0, 0]);
        Assert.Equal(3, a.Length);
        Assert.All(a, x => Assert.Equal(0.0, x));
    }
}
