using TorchSharp;
using static TorchSharp.torch;

namespace Gvm.Training.Devices;

/// <summary>Where the policy runs and in which dtype. Closed set of device names: cpu, cuda, auto.</summary>
/// <param name="Device">Torch device.</param>
/// <param name="Dtype">Parameter/activation dtype: float32 on CPU, bfloat16 on CUDA (TorchSharp 0.107 has no autocast,
/// so "bf16 autocast" is realised by holding the weights in bf16; log-softmax and norms still compute in float32).</param>
public sealed record ComputeDevice(Device Device, ScalarType Dtype)
{
    public static readonly IReadOnlyList<string> Names = ["cpu", "cuda", "auto"];

    public static ComputeDevice Cpu => new(CPU, ScalarType.Float32);

    public bool IsCuda => Device.type == DeviceType.CUDA;

    /// <summary>Resolves a device name. <c>cuda</c> throws <see cref="InvalidOperationException"/> when CUDA is absent;
    /// <c>auto</c> picks CUDA when available.</summary>
    public static ComputeDevice Resolve(string name, bool bf16OnCuda = true) => name switch
    {
        "cpu" => Cpu,
        "cuda" => cuda_is_available()
            ? new ComputeDevice(CUDA, bf16OnCuda ? ScalarType.BFloat16 : ScalarType.Float32)
            : throw new InvalidOperationException("--device cuda: CUDA is not available (CPU build of libtorch, or no GPU); use --device cpu"),
        "auto" => cuda_is_available() ? Resolve("cuda", bf16OnCuda) : Cpu,
        _ => throw new ArgumentException($"unknown device '{name}'; supported: {string.Join(", ", Names)}", nameof(name)),
    };

    /// <summary>Moves a module's parameters to this device and dtype (in place) and returns it.</summary>
    public T Place<T>(T module) where T : nn.Module
    {
        module.to(Device);
        if (Dtype != ScalarType.Float32) module.to(Dtype);
        return module;
    }
}
