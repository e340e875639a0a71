using Gvm.Orchestration.Metrics;

namespace Gvm.Orchestration.Tests.Metrics;

public class MetricsTailTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"gvm-metrics-{Guid.NewGuid():N}.jsonl");

    [Fact]
    public async Task Reads_complete_lines_only_and_resumes_from_the_offset()
    {
        await File.WriteAllTextAsync(_path, "{\"step\":1,\"time\":1700000000.5,\"train/loss\":2.0,\"eval/accuracy\":0.25}\n{\"step\":2,\"ti");
        var first = await MetricsTail.ReadAsync(_path, 0);
        Assert.Equal(2, first.Points.Count);
        Assert.Contains(first.Points, p => p is { Key: "train/loss", Value: 2.0, Step: 1, TimestampMs: 1700000000500 });
        Assert.Equal(0.25, first.LastAccuracy);

        // a line the report would refuse (metrics.jsonl's codec: every value a number) is a bad line here too
        await File.AppendAllTextAsync(_path, "me\":1700000001,\"train/loss\":1.5,\"train/kl\":\"NaN\"}\n{\"step\":3,\"note\":\"x\"}\nnot json\n");
        var second = await MetricsTail.ReadAsync(_path, first.NextOffset);
        var p2 = Assert.Single(second.Points);
        Assert.Equal(("train/loss", 1.5, 2L), (p2.Key, p2.Value, p2.Step));
        Assert.Equal(2, second.BadLines);
        Assert.Equal(2, second.LastStep);
        Assert.Equal(new FileInfo(_path).Length, second.NextOffset);
        Assert.Empty((await MetricsTail.ReadAsync(_path, second.NextOffset)).Points);
    }

    [Fact]
    public async Task A_missing_file_is_no_news()
    {
        var chunk = await MetricsTail.ReadAsync(_path + ".absent", 10);
        Assert.Equal((0, 10L), (chunk.Points.Count, chunk.NextOffset));
    }

    [Fact]
    public async Task A_file_rewritten_by_a_resumed_trainer_is_reread_without_repeating_forwarded_steps()
    {
        await File.WriteAllTextAsync(_path, "{\"step\":1,\"m\":1}\n{\"step\":2,\"m\":2}\n{\"step\":3,\"m\":3}\n");
        var first = await MetricsTail.ReadAsync(_path, 0);
        Assert.Equal(3, MetricsTail.MaxStep(_path, first.NextOffset));
        // resumed from the step-1 checkpoint: lines after step 1 dropped, then steps 2.. written again and step 4 added
        await File.WriteAllTextAsync(_path, "{\"step\":1,\"m\":1}\n{\"step\":2,\"m\":2}\n");
        var second = await MetricsTail.ReadAsync(_path, first.NextOffset, forwardedThroughStep: 3);
        Assert.Empty(second.Points);
        await File.AppendAllTextAsync(_path, "{\"step\":3,\"m\":3}\n{\"step\":4,\"m\":4}\n");
        Assert.Equal(3, second.SkipThrough);
        var third = await MetricsTail.ReadAsync(_path, second.NextOffset, forwardedThroughStep: 3, skipThrough: second.SkipThrough);
        Assert.Equal([4L], third.Points.Select(p => p.Step));
        Assert.Equal(-1, third.SkipThrough);
    }

    public void Dispose() => File.Delete(_path);
}
