using Gvm.Training.Devices;
using static TorchSharp.torch;

namespace Gvm.Training.Tests.Devices;

public class ComputeDeviceTests
{
    [Fact]
    public void Cpu_is_float32_and_unknown_names_list_the_supported_ones()
    {
        var cpu = ComputeDevice.Resolve("cpu");
        Assert.False(cpu.IsCuda);
        Assert.Equal(ScalarType.Float32, cpu.Dtype);
        var e = Assert.Throws<ArgumentException>(() => ComputeDevice.Resolve("gpu"));
        Assert.Contains("cpu, cuda, auto", e.Message);
    }

    [CpuOnlyFact]
    public void Cuda_without_a_gpu_fails_clearly_and_auto_falls_back_to_cpu()
    {
        Assert.Contains("CUDA is not available", Assert.Throws<InvalidOperationException>(() => ComputeDevice.Resolve("cuda")).Message);
        Assert.False(ComputeDevice.Resolve("auto").IsCuda);
    }

    [Fact]
    [Trait("Category", "Gpu")]
    public void Cuda_places_the_model_in_bfloat16()
    {
        var device = ComputeDevice.Resolve("cuda");
        using var lm = device.Place(Gvm.Training.Tests.Model.TestModels.Micro());
        Assert.Equal(ScalarType.BFloat16, lm.Dtype);
        Assert.True(lm.Device.type == TorchSharp.DeviceType.CUDA);
        var result = Gvm.Training.Generation.BatchGenerator.Generate(lm, Gvm.Training.Tests.Model.TestModels.Prompts,
            new Gvm.Training.Generation.GenerationOptions { MaxNewTokens = 4, Seed = 1 });
        Assert.All(result.Tokens, t => Assert.Equal(4, t.Length));
    }
}

public class ComputeDeviceForSpecTests
{
    private static ComputeDevice Resolve(string device, string dtype = "float32", bool cuda = false, int count = 0) =>
        ComputeDevice.ForSpec(new Gvm.Core.Runs.ModelOptions { Device = device, Dtype = Dtype(dtype) }, "run.json", cuda, count);

    private static Gvm.Core.Runs.ModelDtype Dtype(string name) =>
        Gvm.Core.Inputs.SnakeCaseEnum<Gvm.Core.Runs.ModelDtype>.TryParse(name, out var d) ? d : throw new ArgumentException(name);

    [Fact]
    public void Cpu_float32_is_the_plain_cpu_device()
    {
        Assert.Equal(ComputeDevice.Cpu, Resolve("cpu"));
        Assert.Equal(ScalarType.BFloat16, Resolve("cpu", "bfloat16").Dtype);
    }

    [Fact]
    public void Cuda_without_cuda_names_model_device_and_the_source()
    {
        var e = Assert.Throws<Gvm.Core.Runs.RunSpecException>(() => Resolve("cuda", "bfloat16"));
        Assert.Equal("model.device", e.Field);
        Assert.Contains("run.json", e.Message);
        Assert.Contains("CUDA is not available", e.Message);
        Assert.Equal("model.device", Assert.Throws<Gvm.Core.Runs.RunSpecException>(() => Resolve("cuda:1", cuda: true, count: 1)).Field);
        Assert.Equal("model.device", Assert.Throws<Gvm.Core.Runs.RunSpecException>(() => Resolve("gpu")).Field);
        // An unknown dtype never reaches the device: the spec read refuses it (RunSpecTests).
        Assert.Null(ComputeDevice.ParseDtype("int8"));
        Assert.Equal(ScalarType.Float16, ComputeDevice.ParseDtype("float16"));
    }

    [Fact]
    public void Cuda_with_cuda_keeps_the_index_and_the_requested_dtype()
    {
        var d = Resolve("cuda:1", "bfloat16", cuda: true, count: 2);
        Assert.True(d.IsCuda);
        Assert.Equal(1, d.Device.index);
        Assert.Equal(ScalarType.BFloat16, d.Dtype);
        Assert.Equal(ScalarType.Float32, Resolve("cuda", cuda: true, count: 1).Dtype);
    }
}
