namespace Gvm.Cli.Tests;

public class CommandTreeTests
{
    [Fact]
    public void Every_documented_command_is_registered()
    {
        var names = GvmApp.Build().Subcommands.Select(c => c.Name).ToHashSet();
        foreach (var n in new[] { "allocate", "grade", "train", "plan", "sweep", "report", "mlflow", "tokenize", "chat", "eval", "study", "bench" })
            Assert.Contains(n, names);
    }

    [Fact]
    public async Task Help_exits_zero()
    {
        Assert.Equal(0, await GvmApp.RunAsync(["--help"]));
    }

    [Theory]
    [InlineData("allocate", "stats.jsonl", "--budget", "many")]
    [InlineData("allocate", "stats.jsonl", "--no-such-option")]
    [InlineData("train")]
    public async Task Bad_command_lines_exit_2(params string[] args)
    {
        Assert.Equal(2, await GvmApp.RunAsync(args));
    }
}
