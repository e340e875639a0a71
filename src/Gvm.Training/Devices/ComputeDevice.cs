using Gvm.Core.Inputs;
using Gvm.Core.Runs;
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

    /// <summary>Closed set of dtype names (spec <c>model.dtype</c>, <c>--dtype</c>): the names of <see cref="ModelDtype"/>.</summary>
    public static IReadOnlyList<string> DtypeNames => SnakeCaseEnum<ModelDtype>.Names;

    /// <summary>The scalar type of a dtype name, or null when the name is not one of <see cref="DtypeNames"/>.</summary>
    public static ScalarType? ParseDtype(string name) => SnakeCaseEnum<ModelDtype>.TryParse(name, out var dtype) ? ScalarTypeOf(dtype) : null;

    /// <summary>The scalar type of a spec's <c>model.dtype</c>.</summary>
    public static ScalarType ScalarTypeOf(ModelDtype dtype) => dtype switch
    {
        ModelDtype.Float32 => ScalarType.Float32,
        ModelDtype.Bfloat16 => ScalarType.BFloat16,
        ModelDtype.Float16 => ScalarType.Float16,
    };

    /// <summary>
    /// Resolves a run spec's <c>model.device</c> (cpu, cuda, cuda:N) and <c>model.dtype</c> (float32, bfloat16, float16)
    /// exactly as written (no silent fallback): a trainer run is reproduced from its record, so "cuda" on a host without
    /// CUDA is an input error, not a CPU run.
    /// </summary>
    /// <exception cref="RunSpecException">Unknown device, or CUDA (or device index N) not available; names the field.</exception>
    public static ComputeDevice ForSpec(ModelOptions model, string source = "spec") =>
        ForSpec(model, source, cuda_is_available(), cuda_is_available() ? cuda.device_count() : 0);

    /// <summary><see cref="ForSpec(ModelOptions, string)"/> with the host's CUDA state given (testable without a GPU).</summary>
    public static ComputeDevice ForSpec(ModelOptions model, string source, bool cudaAvailable, int cudaDeviceCount)
    {
        ArgumentNullException.ThrowIfNull(model);
        var dtype = ScalarTypeOf(model.Dtype);
        if (model.Device == "cpu") return dtype == ScalarType.Float32 ? Cpu : new ComputeDevice(CPU, dtype);
        var index = 0;
        var isCuda = model.Device == "cuda"
            || model.Device.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(model.Device.AsSpan(5), out index) && index >= 0;
        if (!isCuda)
            throw new RunSpecException(source, "model.device", $"unknown device '{model.Device}'; supported: cpu, cuda, cuda:N");
        if (!cudaAvailable)
            throw new RunSpecException(source, "model.device",
                $"'{model.Device}' requested but CUDA is not available on this host (CPU-only libtorch package or no GPU); set model.device to \"cpu\"");
        if (index >= cudaDeviceCount)
            throw new RunSpecException(source, "model.device", $"'{model.Device}' requested but this host has {cudaDeviceCount} CUDA device(s)");
        return new ComputeDevice(new Device(DeviceType.CUDA, index), dtype);
    }

    /// <summary>Moves a module's parameters to this device and dtype (in place) and returns it.</summary>
    public T Place<T>(T module) where T : nn.Module
    {
        module.to(Device);
        if (Dtype != ScalarType.Float32) module.to(Dtype);
        return module;
    }
}
