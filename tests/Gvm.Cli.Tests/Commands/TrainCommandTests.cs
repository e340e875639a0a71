using Gvm.Core.Runs;

namespace Gvm.Cli.Tests.Commands;

[Collection(ConsoleCollection.Name)]
public class TrainCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gvm-train-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<(int Code, string Error)> RunAsync(string specJson, params string[] extra)
    {
        var spec = Path.Combine(_root, "spec.json");
        await File.WriteAllTextAsync(spec, specJson);
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            var code = await GvmApp.RunAsync(["train", "--spec", spec, "--out", Path.Combine(_root, "run"), .. extra]);
            return (code, error.ToString());
        }
        finally
        {
            Console.SetError(previous);
        }
    }

    [Fact]
    public async Task An_invalid_field_exits_2_naming_the_file_and_field()
    {
        var (code, error) = await RunAsync("""{ "optim": { "clip_ratio": 2 } }""");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("spec.json", error);
        Assert.Contains("optim.clip_ratio", error);
    }

    [Fact]
    public async Task Malformed_json_exits_2_naming_the_path()
    {
        var (code, error) = await RunAsync("""{ "sampling": { "temperature": "hot" } }""");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("sampling.temperature", error);
    }

    [CpuOnlyFact]
    public async Task Cuda_on_a_host_without_cuda_exits_2_naming_model_device()
    {
        var (code, error) = await RunAsync("""{ "model": { "preset": "micro", "device": "cuda", "dtype": "bfloat16" } }""");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("model.device", error);
        Assert.Contains("CUDA is not available", error);

        // The refused start left nothing to resume, so a changed spec in the same directory is not a "different spec".
        (code, error) = await RunAsync("""{ "model": { "preset": "micro" } }""", "--device", "cuda");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("model.device", error);
        Assert.DoesNotContain("different spec", error);
    }

    [Fact]
    public async Task A_bad_device_override_exits_2_naming_model_device()
    {
        var (code, error) = await RunAsync("""{ "model": { "preset": "micro" } }""", "--device", "gpu");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("model.device", error);
        Assert.Contains("--device", error);
    }

    [Fact]
    public async Task A_dtype_outside_the_closed_set_exits_2_in_the_spec_or_the_override()
    {
        var (code, error) = await RunAsync("""{ "model": { "preset": "micro", "dtype": "bf16" } }""");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("model.dtype", error);
        Assert.Contains("unknown value 'bf16'; supported: float32, bfloat16, float16", error);
        Assert.False(Directory.Exists(Path.Combine(_root, "run")));

        (code, error) = await RunAsync("""{ "model": { "preset": "micro" } }""", "--dtype", "int8");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("--dtype", error);
        Assert.Contains("unknown value 'int8'", error);
        Assert.False(Directory.Exists(Path.Combine(_root, "run")));
    }
}
