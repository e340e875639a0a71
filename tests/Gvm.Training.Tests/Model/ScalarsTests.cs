using Gvm.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Gvm.Training.Tests.Model;

/// <summary>TorchSharp scalar lifetimes that the trainer relies on (see <see cref="Scalars"/>).</summary>
public class ScalarsTests
{
    [Fact]
    public void The_shared_constants_outlive_the_scope_they_are_first_used_in()
    {
        using (NewDisposeScope()) _ = ones(2).add(ones(2), Scalars.OneInt);
        using var scope = NewDisposeScope();
        var sum = ones(3).Plus(ones(3));                          // alpha = Scalars.OneInt
        Assert.Equal(new[] { 1.5f, 1.5f }, ones(2).AddScalar(Scalars.Half).data<float>().ToArray());
        Assert.Equal(new[] { 2f, 2f, 2f }, sum.data<float>().ToArray());
        Assert.True(ones(2).ne(Scalars.ZeroInt).all().item<bool>());
        Assert.Equal(float.NegativeInfinity, zeros(1).masked_fill(ones(1).to_type(ScalarType.Bool), Scalars.NegativeInfinity).item<float>());
    }
}
