using Gvm.Training.Study;

namespace Gvm.Training.Tests.Study;

public class StudyStatisticsTests
{
    [Fact]
    public void T_interval_of_three_values_by_hand()
    {
        // 1, 2, 3: mean 2, s = 1, s/√3; t_{0.975,2} = 4.302652729749464 (R qt) → half width 2.48413771.
        var i = StudyStatistics.TInterval([1.0, 2.0, 3.0]);
        Assert.Equal(2, i.Mean, 12);
        Assert.Equal(2 - 4.302652729749464 / Math.Sqrt(3), i.Low, 9);
        Assert.Equal(2 + 4.302652729749464 / Math.Sqrt(3), i.High, 9);
        Assert.True(i.Above(-0.5) && !i.Above(0) && i.Below(4.5));
        var one = StudyStatistics.TInterval([0.25]);
        Assert.Equal(0.25, one.Mean);
        Assert.False(one.HasInterval);
    }

    [Fact]
    public void Relative_variance_from_sums_equals_the_direct_computation_on_kept_draws()
    {
        var random = new Random(3);
        var draws = Enumerable.Range(0, 7).Select(_ => Enumerable.Range(0, 50).Select(j => j % 5 + random.NextDouble() * 3).ToArray()).ToArray();
        // Direct: mean vector, then Σ_j Var(x_j) (unbiased) over coordinates, divided by ‖mean‖².
        var mean = Enumerable.Range(0, 50).Select(j => draws.Average(d => d[j])).ToArray();
        var trace = Enumerable.Range(0, 50).Sum(j => draws.Sum(d => (d[j] - mean[j]) * (d[j] - mean[j])) / (draws.Length - 1));
        var direct = trace / mean.Sum(v => v * v);
        // From the sums the accumulator keeps: Σ‖ĝ_r‖² and ‖Σĝ_r‖².
        var sumSq = draws.Sum(d => d.Sum(v => v * v));
        var sum = Enumerable.Range(0, 50).Select(j => draws.Sum(d => d[j])).ToArray();
        var fromSums = StudyStatistics.RelativeVariance(sumSq, sum.Sum(v => v * v), draws.Length);
        Assert.Equal(direct, fromSums, 10);
        Assert.Equal(trace, StudyStatistics.TraceCovariance(sumSq, sum.Sum(v => v * v), draws.Length), 10);
    }

    [Fact]
    public void Identical_draws_have_zero_relative_variance()
    {
        Assert.Equal(0, StudyStatistics.RelativeVariance(sumSquaredNorms: 3 * 4.0, squaredNormOfSum: 9 * 4.0, draws: 3), 12);
    }

    [Fact]
    public void Split_half_correction_recovers_the_cosine_of_a_noisy_reference_to_the_truth()
    {
        // g in 20,000 dimensions; two halves h_k = g + e_k with isotropic noise of 1.5× the signal's norm.
        var random = new Random(5);
        const int d = 20_000;
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var g = Enumerable.Range(0, d).Select(_ => Normal()).ToArray();
        var h1 = g.Select(v => v + 1.5 * Normal()).ToArray();
        var h2 = g.Select(v => v + 1.5 * Normal()).ToArray();
        var star = h1.Zip(h2, (a, b) => (a + b) / 2).ToArray();
        var predicted = StudyStatistics.ReferenceCosine(Cos(h1, h2));
        Assert.InRange(predicted - Cos(star, g), -0.01, 0.01);
        Assert.True(double.IsNaN(StudyStatistics.ReferenceCosine(-0.1)));
    }

    [Fact]
    public void Nmse_is_the_squared_distance_of_unit_vectors()
    {
        double[] a = [3, 4, 0], b = [0, 4, 3];
        var ua = a.Select(v => v / 5).ToArray();
        var ub = b.Select(v => v / 5).ToArray();
        Assert.Equal(ua.Zip(ub, (x, y) => (x - y) * (x - y)).Sum(), StudyStatistics.Nmse(Cos(a, b)), 12);
    }

    [Fact]
    public void Paired_difference_of_one_shard_is_the_t_interval_of_the_differences()
    {
        double[] a = [0.5, 0.7, 0.4, 0.9], b = [0.3, 0.6, 0.45, 0.5];
        var paired = StudyStatistics.PairedDifference([a], [b]);
        var direct = StudyStatistics.TInterval(a.Zip(b, (x, y) => x - y).ToArray());
        Assert.Equal(direct.Mean, paired.Mean, 12);
        Assert.Equal(direct.Low, paired.Low, 10);
        Assert.Equal(direct.High, paired.High, 10);
    }

    [Fact]
    public void Paired_difference_over_equal_shards_uses_their_pooled_degrees_of_freedom()
    {
        // Two shards with the same spread of differences (d and d + 1): SE² = 2·Var(d)/(4·4), df = 2·3.
        double[] d = [0.1, -0.2, 0.3, 0.0];
        var zeros = new double[4];
        var paired = StudyStatistics.PairedDifference([d, d.Select(v => v + 1).ToArray()], [zeros, zeros]);
        var mean = d.Average();
        var variance = d.Sum(v => (v - mean) * (v - mean)) / 3;
        var se = Math.Sqrt(2 * variance / 4 / 4);
        Assert.Equal(mean + 0.5, paired.Mean, 12);
        Assert.Equal(mean + 0.5 + StudentT.Quantile(0.975, 6) * se, paired.High, 9);
        Assert.Equal(paired.Mean, StudyStatistics.PooledMean([d, d.Select(v => v + 1).ToArray()]).Mean, 12);
    }

    [Fact]
    public void Geometric_mean_interval_is_taken_on_logarithms()
    {
        var g = StudyStatistics.GeometricMean([2.0, 8.0]);
        Assert.Equal(4, g.Mean, 12);
        Assert.True(g.Low < 4 && g.High > 4);
        Assert.Equal(Math.Log(4) - Math.Log(g.Low), Math.Log(g.High) - Math.Log(4), 9);
        Assert.True(double.IsNaN(StudyStatistics.GeometricMean([1.0, -1.0]).Mean));
        Assert.False(StudyStatistics.GeometricMean([3.0]).HasInterval);
    }

    private static double Cos(double[] a, double[] b) =>
        a.Zip(b, (x, y) => x * y).Sum() / Math.Sqrt(a.Sum(x => x * x) * b.Sum(y => y * y));
}
