using Gvm.Training.Model;
using static TorchSharp.torch;

namespace Gvm.Training.Tests.Model;

public class RmsNormTests
{
    [Fact]
    public void Matches_hand_computed_values()
    {
        using var scope = NewDisposeScope();
        // x = [3, 4]: mean(x²) = 12.5, rms = sqrt(12.5 + eps); gain [1, 2].
        var x = tensor(new float[] { 3, 4 }).reshape(1, 2);
        var gain = tensor(new float[] { 1, 2 });
        var y = RmsNorm.Apply(x, gain, 1e-6).data<float>().ToArray();
        var rms = Math.Sqrt(12.5 + 1e-6);
        Assert.Equal(3 / rms, y[0], 1e-5);
        Assert.Equal(2 * 4 / rms, y[1], 1e-5);
    }

    [Fact]
    public void Module_registers_a_weight_of_ones()
    {
        using var norm = new RmsNorm(4, 1e-6);
        var (name, p) = Assert.Single(norm.named_parameters());
        Assert.Equal("weight", name);
        Assert.Equal(new float[] { 1, 1, 1, 1 }, p.data<float>().ToArray());
    }
}
