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
    public static readonly Scalar True = true.ToScalar();
    public static readonly Scalar NegativeInfinity = double.NegativeInfinity.ToScalar();
}
