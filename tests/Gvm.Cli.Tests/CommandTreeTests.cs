namespace Gvm.Cli.Tests;

public class CommandTreeTests
{
    [Fact]
    public void Every_documented_command_is_registered()
    {
        var names = GvmApp.Build().Subcommands.Select(c => c.Name).ToHashSet();
        foreach (var n in new[] { "allocate", "grade", "train", "plan", "sweep", "report", "mlflow", "tokenize", "chat", "eval", "bench" })
            Assert.Contains(n, names);
    }

    [Fact]
    public async Task Help_exits_zero()
    {
        Assert.Equal(0, await GvmApp.RunAsync(["--help"]));
    }
}
