using Gvm.Reporting.Statistics;

namespace Gvm.Reporting.Tests.Statistics;

public class EvalNoiseTests
{
    [Fact]
    public void Standard_error_of_a_proportion()
    {
        // a = 0.5 on 100 problems: √(0.25 / 100) = 0.05; a = 0.36 on 800: √(0.2304 / 800) = 0.016971.
        Assert.Equal(0.05, EvalNoise.StandardError(0.5, 100), 14);
        Assert.Equal(0.0169706, EvalNoise.StandardError(0.36, 800), 6);
        // Largest at a = ½, zero at the ends, shrinking as 1/√m.
        Assert.True(EvalNoise.StandardError(0.5, 400) > EvalNoise.StandardError(0.3, 400));
        Assert.Equal(0, EvalNoise.StandardError(1, 400));
        Assert.Equal(EvalNoise.StandardError(0.4, 100) / 2, EvalNoise.StandardError(0.4, 400), 14);
        Assert.True(double.IsNaN(EvalNoise.StandardError(0.4, 0)));
    }
}
