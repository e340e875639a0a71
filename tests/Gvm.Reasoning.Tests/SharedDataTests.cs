using Gvm.Core.IO;

namespace Gvm.Reasoning.Tests;

public class SharedDataTests
{
    [Fact]
    public void Benchmarks_are_reachable_from_the_repository()
    {
        var math500 = RepoPaths.RequireShared("data/benchmarks/math500.jsonl");
        Assert.Equal(500, File.ReadLines(math500).Count(l => l.Length > 0));
    }
}
