namespace Gvm.Cli.Tests;

/// <summary><c>gvm allocate</c> end to end through the command tree (output to a file, so stdout stays clean).</summary>
public sealed class AllocateCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("gvm-allocate-test-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Stats(string text)
    {
        var path = Path.Combine(_dir.FullName, $"stats-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(path, text);
        return path;
    }

    private const string Four =
        "{\"accept_rate\": 0.5, \"grad_norm\": 1, \"id\": \"a\"}\n{\"accept_rate\": 0.25, \"grad_norm\": 1, \"id\": \"b\"}\n" +
        "{\"accept_rate\": 1.0, \"grad_norm\": 2, \"id\": \"c\"}\n{\"accept_rate\": 0.125, \"grad_norm\": 3, \"id\": \"d\"}\n";

    [Fact]
    public async Task Writes_the_sample_sizes_as_a_json_list()
    {
        var output = Path.Combine(_dir.FullName, "sizes.json");
        Assert.Equal(0, await GvmApp.RunAsync(["allocate", Stats(Four), "--budget", "100", "--output", output]));
        Assert.Equal("[10, 15, 15, 60]\n", await File.ReadAllTextAsync(output));
    }

    [Fact]
    public async Task Csv_carries_ids_and_options_reach_the_allocator()
    {
        var output = Path.Combine(_dir.FullName, "sizes.csv");
        Assert.Equal(0, await GvmApp.RunAsync(["allocate", Stats(Four), "--budget", "100", "--world-size", "8",
            "--filter-threshold", "0.9", "--format", "csv", "-o", output]));
        var lines = await File.ReadAllLinesAsync(output);
        Assert.Equal("id,n", lines[0]);
        Assert.Equal("c,0", lines[3]);
        Assert.Equal(104, lines.Skip(1).Sum(l => int.Parse(l.Split(',')[1])));
    }

    [Theory]
    [InlineData("{\"accept_rate\": 0.5}\n")]
    [InlineData("{\"accept_rate\": NaN, \"grad_norm\": 1}\n")]
    [InlineData("{\"accept_rate\": 0.5, \"grad_norm\": -1}\n")]
    [InlineData("{\"accept_rate\": 1.01, \"grad_norm\": 1}\n")]
    [InlineData("")]
    public async Task Bad_stats_exit_2(string text)
    {
        var output = Path.Combine(_dir.FullName, "never.json");
        Assert.Equal(2, await GvmApp.RunAsync(["allocate", Stats(text), "--budget", "10", "-o", output]));
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("--budget", "-1")]
    [InlineData("--format", "xml")]
    [InlineData("--world-size", "0")]
    [InlineData("--filter-threshold", "2")]
    public async Task Bad_options_exit_2(string option, string value)
    {
        var args = new List<string> { "allocate", Stats(Four), option, value };
        if (option != "--budget") args.AddRange(["--budget", "10"]);
        Assert.Equal(2, await GvmApp.RunAsync([.. args]));
    }

    [Fact]
    public async Task Missing_budget_or_file_exit_2()
    {
        Assert.Equal(2, await GvmApp.RunAsync(["allocate", Stats(Four)]));
        Assert.Equal(2, await GvmApp.RunAsync(["allocate", Path.Combine(_dir.FullName, "absent.jsonl"), "--budget", "1"]));
    }

    [Fact]
    public async Task Infeasible_minimums_exit_2()
    {
        Assert.Equal(2, await GvmApp.RunAsync(["allocate", Stats(Four), "--budget", "10", "--min-per-prompt", "5"]));
    }
}
