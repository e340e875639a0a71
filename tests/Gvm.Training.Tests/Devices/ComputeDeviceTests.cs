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

    [Fact]
    public void Cuda_without_a_gpu_fails_clearly_and_auto_falls_back_to_cpu()
    {
        if (cuda_is_available()) return; // covered by the Gpu-category run instead
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
