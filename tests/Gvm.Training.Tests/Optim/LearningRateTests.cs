using Gvm.Training.Optim;

namespace Gvm.Training.Tests.Optim;

public class LearningRateTests
{
    [Fact]
    public void Warmup_is_linear_then_cosine_decays_to_ten_percent()
    {
        Assert.Equal(0.25, LearningRate.At(0, 1.0, 4, 104, cosine: true), 12);
        Assert.Equal(1.0, LearningRate.At(3, 1.0, 4, 104, cosine: true), 12);
        Assert.Equal(1.0, LearningRate.At(4, 1.0, 4, 104, cosine: true), 12);
        Assert.Equal(0.55, LearningRate.At(54, 1.0, 4, 104, cosine: true), 12);
        Assert.Equal(0.1, LearningRate.At(104, 1.0, 4, 104, cosine: true), 12);
        Assert.Equal(1.0, LearningRate.At(50, 1.0, 4, 104, cosine: false), 12);
    }
}
