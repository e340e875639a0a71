namespace Gvm.Training.Tests;

/// <summary>A fact about a host without CUDA: skipped, with the reason shown, where CUDA is available (the Gpu-category tests cover that host).</summary>
public sealed class CpuOnlyFactAttribute : FactAttribute
{
    public CpuOnlyFactAttribute() { if (TorchSharp.torch.cuda_is_available()) Skip = "CUDA is available on this host: covered by the Gpu-category tests"; }
}
