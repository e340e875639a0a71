using System.Text;
using Gvm.Core.Allocation;
using Gvm.Core.Allocation.Files;

namespace Gvm.Core.Tests.Allocation.Files;

public class SampleSizesWriterTests
{
    private static async Task<string> Write(int[] n, SampleSizesFormat format, PromptStatsTable? stats = null)
    {
        using var s = new MemoryStream();
        await SampleSizesWriter.WriteAsync(s, n, format, stats);
        return Encoding.UTF8.GetString(s.ToArray());
    }

    [Fact]
    public async Task Json_is_a_plain_list()
    {
        Assert.Equal("[3, 0, 12]\n", await Write([3, 0, 12], SampleSizesFormat.Json));
        Assert.Equal("[]\n", await Write([], SampleSizesFormat.Json));
    }

    [Fact]
    public async Task Csv_uses_ids_or_positions_and_quotes_when_needed()
    {
        var t = new PromptStatsTable();
        t.Add(0.5, 1);
        t.Add(0.5, 1, "a,\"b\"");
        Assert.Equal("id,n\n0,4\n\"a,\"\"b\"\"\",6\n", await Write([4, 6], SampleSizesFormat.Csv, t));
        Assert.Equal("id,n\n0,4\n1,6\n", await Write([4, 6], SampleSizesFormat.Csv));
    }

    [Fact]
    public async Task Large_outputs_round_trip()
    {
        var n = Enumerable.Range(0, 100_000).ToArray();
        var text = await Write(n, SampleSizesFormat.Json);
        Assert.Equal(n, System.Text.Json.JsonSerializer.Deserialize<int[]>(text));
    }

    [Fact]
    public async Task Allocate_from_stats_runs_the_whole_pipeline()
    {
        var input = new MemoryStream(Encoding.UTF8.GetBytes(
            "{\"accept_rate\": 0.5, \"grad_norm\": 1}\n{\"accept_rate\": 0.25, \"grad_norm\": 1}\n" +
            "{\"accept_rate\": 1.0, \"grad_norm\": 2}\n{\"accept_rate\": 0.125, \"grad_norm\": 3}\n"));
        using var output = new MemoryStream();
        var r = await AllocateFromStats.RunAsync(input, "s", output, 100, new GvmAllocationOptions(), SampleSizesFormat.Json);
        Assert.Equal("[10, 15, 15, 60]\n", Encoding.UTF8.GetString(output.ToArray()));
        Assert.Equal(100, r.Summary.Total);
        Assert.True(r.PredictedVarianceRatio > 1);
    }
}
