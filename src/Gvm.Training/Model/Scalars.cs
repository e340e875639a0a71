using TorchSharp;

namespace Gvm.Training.Model;

/// <summary>
/// Constant scalars of hot tensor ops, converted once and referenced forever. TorchSharp 0.107 turns a plain number
/// argument into a temporary <see cref="Scalar"/> that its finalizer may free while libtorch still reads it (no
/// keep-alive across the native call; dotnet/TorchSharp#1496); runs and tests crashed on it at random. A scalar that is
/// not one of these is held in a <c>using</c> variable for the duration of its call.
/// </summary>
public static class Scalars
{
    public static readonly Scalar ZeroInt = 0L.ToScalar();
    public static readonly Scalar OneInt = 1L.ToScalar();
    public static readonly Scalar One = 1.0.ToScalar();
    public static readonly Scalar Half = 0.5.ToScalar();
    public static readonly Scalar True = true.ToScalar();
    public static readonly Scalar NegativeInfinity = double.NegativeInfinity.ToScalar();
}

/// <summary>
/// Tensor sums with the scalar held: TorchSharp's <c>a.add(b)</c>, <c>a.add_(b)</c>, <c>a + b</c> and <c>a.add(scalar)</c>
/// pass a temporary alpha = 1 scalar (see <see cref="Scalars"/>); its <c>sub(b)</c> and <c>a - b</c> take none.
/// </summary>
public static class TensorArithmetic
{
    /// <summary>a + b (an integer alpha of 1, valid for integer and floating tensors).</summary>
    public static torch.Tensor Plus(this torch.Tensor a, torch.Tensor b) => a.add(b, Scalars.OneInt);

    /// <summary>a + s for a held scalar s.</summary>
    public static torch.Tensor AddScalar(this torch.Tensor a, Scalar s) => a.add(s, Scalars.OneInt);

    /// <summary>a += b in place.</summary>
    public static torch.Tensor PlusInPlace(this torch.Tensor a, torch.Tensor b) => a.add_(b, Scalars.OneInt);
}
