using TorchSharp;
using static TorchSharp.torch;

namespace Gvm.Training.Tests.Torch;

public class TorchLoadsTests
{
    [Fact]
    public void Libtorch_loads_and_multiplies_a_tiny_matrix()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2); // [2, 2]
        var b = a.matmul(a);                                      // [2, 2]
        Assert.Equal(new float[] { 7, 10, 15, 22 }, b.data<float>().ToArray());
    }
}
