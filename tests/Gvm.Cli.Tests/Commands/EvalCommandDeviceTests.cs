namespace Gvm.Cli.Tests.Commands;

/// <summary><c>gvm eval --device/--dtype</c> fail fast (exit 2, naming the option) before any data or weights are read.</summary>
[Collection(ConsoleCollection.Name)]
public class EvalCommandDeviceTests
{
    private static async Task<(int Code, string Error)> RunAsync(params string[] args)
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            var code = await GvmApp.RunAsync(["eval", "--model", "/nonexistent-model-dir", .. args]);
            return (code, error.ToString());
        }
        finally
        {
            Console.SetError(previous);
        }
    }

    [Fact]
    public async Task An_unknown_dtype_exits_2_naming_the_option()
    {
        var (code, error) = await RunAsync("--device", "cpu", "--dtype", "int8");
        Assert.Equal(2, code);
        Assert.Contains("--dtype", error);
        Assert.Contains("bfloat16", error);
    }

    [CpuOnlyFact]
    public async Task Cuda_on_a_host_without_cuda_exits_2_naming_the_option()
    {
        var (code, error) = await RunAsync("--device", "cuda");
        Assert.Equal(2, code);
        Assert.Contains("--device cuda", error);
        Assert.Contains("CUDA is not available", error);
    }
}
