using Gvm.Reporting.Statistics;

namespace Gvm.Reporting.Tests.Statistics;

public class StudentTTests
{
    // Two-sided 95% critical values t_{0.975, ν} as printed (3 decimals) in the t table of any statistics text
    // (e.g. Moore, McCabe and Craig, Introduction to the Practice of Statistics, Table D).
    [Theory]
    [InlineData(1, 12.706)]
    [InlineData(2, 4.303)]
    [InlineData(3, 3.182)]
    [InlineData(4, 2.776)]
    [InlineData(5, 2.571)]
    [InlineData(9, 2.262)]
    [InlineData(10, 2.228)]
    [InlineData(20, 2.086)]
    [InlineData(30, 2.042)]
    [InlineData(100, 1.984)]
    [InlineData(1000, 1.962)]
    public void Quantile_matches_the_printed_t_table(int df, double expected) =>
        Assert.Equal(expected, StudentT.Quantile(0.975, df), 3);

    // Full-precision values of R's qt(p, df) (R 4.x), checked independently by Simpson integration of the density
    // (see Cdf_equals_the_integral_of_the_density).
    [Theory]
    [InlineData(0.975, 3, 3.182446305284263)]
    [InlineData(0.975, 5, 2.570581835636314)]
    [InlineData(0.975, 10, 2.228138851986274)]
    [InlineData(0.975, 30, 2.042272456301238)]
    [InlineData(0.975, 100, 1.983971518523552)]
    [InlineData(0.95, 2, 2.919985580353725)]
    [InlineData(0.995, 3, 5.840909309733355)]
    public void Quantile_matches_reference_values_to_nine_digits(double p, double df, double expected) =>
        Assert.Equal(expected, StudentT.Quantile(p, df), 9);

    [Theory]
    [InlineData(0.6)]
    [InlineData(0.9)]
    [InlineData(0.975)]
    [InlineData(0.999)]
    [InlineData(0.02)]
    public void Quantile_equals_the_closed_forms_for_one_two_and_four_degrees_of_freedom(double p)
    {
        // ν = 1 (Cauchy): t = tan(π(p − ½)).  ν = 2: t = (2p − 1) / √(2p(1 − p)).
        // ν = 4: with α = 4p(1 − p) and q = cos(⅓ arccos √α) / √α, t = sign(p − ½) · 2√(q − 1) (Hill 1970).
        static void Near(double expected, double actual) => Assert.Equal(expected, actual, 1e-12 * Math.Max(1, Math.Abs(expected)));
        Near(Math.Tan(Math.PI * (p - 0.5)), StudentT.Quantile(p, 1));
        Near((2 * p - 1) / Math.Sqrt(2 * p * (1 - p)), StudentT.Quantile(p, 2));
        var alpha = 4 * p * (1 - p);
        var q = Math.Cos(Math.Acos(Math.Sqrt(alpha)) / 3) / Math.Sqrt(alpha);
        Near(Math.Sign(p - 0.5) * 2 * Math.Sqrt(q - 1), StudentT.Quantile(p, 4));
    }

    [Theory]
    [InlineData(-3.0)]
    [InlineData(-0.4)]
    [InlineData(0.0)]
    [InlineData(0.7)]
    [InlineData(6.0)]
    public void Cdf_equals_the_closed_forms_for_one_and_two_degrees_of_freedom(double t)
    {
        Assert.Equal(0.5 + Math.Atan(t) / Math.PI, StudentT.Cdf(t, 1), 13);
        Assert.Equal(0.5 + t / (2 * Math.Sqrt(2 + t * t)), StudentT.Cdf(t, 2), 13);
    }

    [Theory]
    [InlineData(3.0, 0.8)]
    [InlineData(3.0, 2.5)]
    [InlineData(7.5, 1.7)]
    [InlineData(40.0, 2.1)]
    public void Cdf_equals_the_integral_of_the_density(double df, double t)
    {
        // Loop: composite Simpson rule for ½ + ∫_0^t f(s) ds with 20,000 intervals.
        const int n = 20_000;
        var h = t / n;
        var sum = StudentT.Pdf(0, df) + StudentT.Pdf(t, df);
        for (var i = 1; i < n; i++) sum += (i % 2 == 1 ? 4 : 2) * StudentT.Pdf(i * h, df);
        Assert.Equal(0.5 + sum * h / 3, StudentT.Cdf(t, df), 11);
    }

    [Fact]
    public void Quantile_is_symmetric_monotone_inverts_the_cdf_and_tends_to_the_normal()
    {
        foreach (var df in new[] { 1.0, 2, 3, 4.5, 9, 29, 200 })
        {
            var previous = double.NegativeInfinity;
            foreach (var p in new[] { 0.001, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975, 0.999 })
            {
                var t = StudentT.Quantile(p, df);
                Assert.True(t > previous, $"not increasing at p={p}, df={df}");
                previous = t;
                Assert.Equal(-t, StudentT.Quantile(1 - p, df), 10);
                Assert.Equal(p, StudentT.Cdf(t, df), 12);
            }
        }
        // Heavier tails at fewer degrees of freedom: t_{0.975, ν} decreases in ν towards z_{0.975} = 1.959963984540054,
        // with t − z ≈ (z³ + z) / (4ν) (Cornish–Fisher's first term): 2.4e-6 at ν = 10⁶.
        var values = new[] { 1, 2, 3, 5, 10, 30, 100, 1000, 1_000_000 }.Select(df => StudentT.Quantile(0.975, df)).ToArray();
        for (var i = 1; i < values.Length; i++) Assert.True(values[i] < values[i - 1]);
        const double z = 1.959963984540054;
        Assert.Equal(z + (z * z * z + z) / 4e6, values[^1], 1e-9);
    }

    [Fact]
    public void Special_functions_match_known_values()
    {
        // Γ(n) = (n − 1)!, Γ(½) = √π.
        double factorial = 1;
        for (var n = 1; n <= 20; n++)
        {
            Assert.Equal(Math.Log(factorial), SpecialFunctions.LogGamma(n), 11);
            factorial *= n;
        }
        Assert.Equal(0.5 * Math.Log(Math.PI), SpecialFunctions.LogGamma(0.5), 13);
        // I_x(a, 1) = x^a, I_x(1, b) = 1 − (1 − x)^b, I_½(a, a) = ½.
        Assert.Equal(Math.Pow(0.3, 2.5), SpecialFunctions.RegularizedIncompleteBeta(0.3, 2.5, 1), 13);
        Assert.Equal(1 - Math.Pow(0.6, 4), SpecialFunctions.RegularizedIncompleteBeta(0.4, 1, 4), 13);
        Assert.Equal(0.5, SpecialFunctions.RegularizedIncompleteBeta(0.5, 7, 7), 13);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Quantile(1, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Quantile(0.5, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.LogGamma(0));
    }
}
