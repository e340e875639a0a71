using static TorchSharp.torch;

namespace Gvm.Training.Checkpoints;

/// <summary>Element types this project reads and writes in safetensors files (closed set, one mapping each way).</summary>
public enum SafeTensorDtype
{
    F32,
    F16,
    BF16,
}

public static class SafeTensorDtypes
{
    public static readonly IReadOnlyList<string> Names = ["F32", "F16", "BF16"];

    public static ScalarType ToScalarType(this SafeTensorDtype dtype) => dtype switch
    {
        SafeTensorDtype.F32 => ScalarType.Float32,
        SafeTensorDtype.F16 => ScalarType.Float16,
        SafeTensorDtype.BF16 => ScalarType.BFloat16,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, $"supported: {string.Join(", ", Names)}"),
    };

    public static int ElementSize(this SafeTensorDtype dtype) => dtype == SafeTensorDtype.F32 ? 4 : 2;

    /// <summary>The HF <c>torch_dtype</c> name written into config.json.</summary>
    public static string TorchDtypeName(this SafeTensorDtype dtype) => dtype switch
    {
        SafeTensorDtype.F32 => "float32",
        SafeTensorDtype.F16 => "float16",
        SafeTensorDtype.BF16 => "bfloat16",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, $"supported: {string.Join(", ", Names)}"),
    };

    /// <summary>Parses the header's dtype string ("F32", "F16", "BF16"); also accepts float32/float16/bfloat16.</summary>
    public static SafeTensorDtype Parse(string name) => name.ToUpperInvariant() switch
    {
        "F32" or "FLOAT32" or "FP32" => SafeTensorDtype.F32,
        "F16" or "FLOAT16" or "FP16" => SafeTensorDtype.F16,
        "BF16" or "BFLOAT16" => SafeTensorDtype.BF16,
        _ => throw new ArgumentException($"unsupported dtype '{name}'; supported: {string.Join(", ", Names)}", nameof(name)),
    };
}
