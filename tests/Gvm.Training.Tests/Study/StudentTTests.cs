using Gvm.Training.Study;

namespace Gvm.Training.Tests.Study;

public class StudentTTests
{
    [Theory]
    // Reference values: R qt(0.975, df); df 1000 from the Cornish–Fisher expansion to 1/ν⁴ (error < 1e-12 there).
    [InlineData(1, 12.706204736174698)]
    [InlineData(2, 4.302652729749464)]
    [InlineData(3, 3.182446305284263)]
    [InlineData(19, 2.093024054408263)]
    [InlineData(76, 1.991672609644744)]
    [InlineData(1000, 1.9623390808264)]
    public void The_975_quantile_matches_reference_values(double df, double expected)
    {
        Assert.Equal(expected, StudentT.Quantile(0.975, df), 9);
        Assert.Equal(-expected, StudentT.Quantile(0.025, df), 9);
    }

    [Theory]
    [InlineData(0.0, 5, 0.5)]
    [InlineData(1.0, 1, 0.75)]                 // Cauchy: 1/2 + atan(1)/π
    [InlineData(2.0, 2, 0.9082482904638631)]   // df 2: 1/2 + t/(2·sqrt(2 + t²))
    [InlineData(-2.0, 2, 0.0917517095361369)]
    public void The_cdf_matches_closed_forms(double t, double df, double expected)
    {
        Assert.Equal(expected, StudentT.Cdf(t, df), 12);
    }

    [Fact]
    public void Quantile_inverts_the_cdf_and_rejects_bad_probabilities()
    {
        foreach (var df in new[] { 1.5, 4.0, 37.0 })
            foreach (var p in new[] { 0.01, 0.3, 0.5, 0.9, 0.999 })
                Assert.Equal(p, StudentT.Cdf(StudentT.Quantile(p, df), df), 10);
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Quantile(1.0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Quantile(0.5, 0));
    }
}
