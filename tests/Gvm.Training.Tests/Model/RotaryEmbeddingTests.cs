using Gvm.Training.Model;
using static TorchSharp.torch;

namespace Gvm.Training.Tests.Model;

public class RotaryEmbeddingTests
{
    [Fact]
    public void Inverse_frequencies_are_theta_to_minus_two_i_over_d()
    {
        using var scope = NewDisposeScope();
        var inv = RotaryEmbedding.InverseFrequencies(4, 10_000).data<float>().ToArray();
        Assert.Equal(1.0, inv[0], 1e-6);
        Assert.Equal(0.01, inv[1], 1e-6); // 10000^(-2/4)
    }

    [Fact]
    public void Rotates_each_half_pair_by_position_times_frequency()
    {
        using var scope = NewDisposeScope();
        // d = 4, theta = 100 → θ = [1, 0.1]; position 2 → angles [2, 0.2].
        var x = tensor(new float[] { 1, 2, 3, 4 }).reshape(1, 1, 1, 4); // [B, H, T, d]
        var positions = tensor(new long[] { 2 }).reshape(1, 1);         // [B, T]
        var (cos, sin) = RotaryEmbedding.Tables(positions, 4, 100, ScalarType.Float32);
        var y = RotaryEmbedding.Apply(x, cos, sin).data<float>().ToArray();
        // Pair (x0, x2) rotated by 2 rad, pair (x1, x3) by 0.2 rad: [a cos - b sin, ..., a sin + b cos].
        double c0 = Math.Cos(2), s0 = Math.Sin(2), c1 = Math.Cos(0.2), s1 = Math.Sin(0.2);
        Assert.Equal(1 * c0 - 3 * s0, y[0], 1e-5);
        Assert.Equal(2 * c1 - 4 * s1, y[1], 1e-5);
        Assert.Equal(3 * c0 + 1 * s0, y[2], 1e-5);
        Assert.Equal(4 * c1 + 2 * s1, y[3], 1e-5);
    }

    [Fact]
    public void Position_zero_is_the_identity()
    {
        using var scope = NewDisposeScope();
        var x = randn(2, 3, 1, 8);
        var (cos, sin) = RotaryEmbedding.Tables(zeros(2, 1, dtype: ScalarType.Int64), 8, 10_000, ScalarType.Float32);
        Assert.True(RotaryEmbedding.Apply(x, cos, sin).allclose(x));
    }
}
