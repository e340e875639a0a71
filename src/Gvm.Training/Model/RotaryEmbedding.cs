using static TorchSharp.torch;

namespace Gvm.Training.Model;

/// <summary>
/// Rotary position embedding (RoFormer, Su et al. 2021, eq. 34) in the "rotate half" layout used by transformers'
/// Qwen2: dimension i pairs with i + d/2, and θ_i = theta^(-2i/d).
/// Dimension letters: B batch, H heads, T positions, d head dim.
/// </summary>
public static class RotaryEmbedding
{
    /// <summary>θ_i = theta^(-2i/d) for i in [0, d/2): [d/2] float32.</summary>
    public static Tensor InverseFrequencies(int headDim, double theta, Device? device = null)
    {
        using var scope = NewDisposeScope();
        var exponents = arange(0, headDim, 2, dtype: ScalarType.Float32, device: device).div(headDim); // [d/2]
        return pow(theta, exponents).reciprocal().MoveToOuterDisposeScope();
    }

    /// <summary>cos/sin tables for integer positions [B, T] → each [B, 1, T, d] in <paramref name="dtype"/>.</summary>
    public static (Tensor Cos, Tensor Sin) Tables(Tensor positions, int headDim, double theta, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var inverse = InverseFrequencies(headDim, theta, positions.device);           // [d/2]
        var angles = positions.to_type(ScalarType.Float32).unsqueeze(-1).mul(inverse); // [B, T, d/2]
        var doubled = cat([angles, angles], -1).unsqueeze(1);                       // [B, 1, T, d]
        var cos = doubled.cos().to_type(dtype).MoveToOuterDisposeScope();
        var sin = doubled.sin().to_type(dtype).MoveToOuterDisposeScope();
        return (cos, sin);
    }

    /// <summary>sin with its first half negated: rotate_half(x)·sin = roll(x, d/2)·signedSin exactly (a sign flip is exact
    /// in IEEE arithmetic), which needs fewer operations per step than <see cref="Apply"/>. [.., d] → [.., d].</summary>
    public static Tensor SignedSin(Tensor sin)
    {
        using var scope = NewDisposeScope();
        var half = sin.shape[^1] / 2;
        return cat([sin.narrow(-1, 0, half).neg(), sin.narrow(-1, half, half)], -1).MoveToOuterDisposeScope();
    }

    /// <summary>x·cos + rotate_half(x)·sin with rotate_half([x1, x2]) = [-x2, x1]. x [B, H, T, d].</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        var half = x.shape[^1] / 2;
        var x1 = x.narrow(-1, 0, half);    // [B, H, T, d/2]
        var x2 = x.narrow(-1, half, half); // [B, H, T, d/2]
        var rotated = cat([x2.neg(), x1], -1);
        return x.mul(cos).Plus(rotated.mul(sin)).MoveToOuterDisposeScope();
    }
}
