using Gvm.Core.Runs;

namespace Gvm.Cli.Tests.Commands;

public class TrainCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gvm-train-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<(int Code, string Error)> RunAsync(string specJson)
    {
        var spec = Path.Combine(_root, "spec.json");
        await File.WriteAllTextAsync(spec, specJson);
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            var code = await GvmApp.RunAsync(["train", "--spec", spec, "--out", Path.Combine(_root, "run")]);
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
}
