using System.Text;
using Gvm.Core.Allocation.Files;

namespace Gvm.Core.Tests.Allocation.Files;

public class PromptStatsReaderTests
{
    private static Task<PromptStatsTable> Read(string text) =>
        PromptStatsReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), "stats.jsonl");

    private static async Task<StatsFileException> Bad(string text) =>
        await Assert.ThrowsAsync<StatsFileException>(() => Read(text));

    [Fact]
    public async Task Reads_records_ids_blank_lines_crlf_bom_and_ignores_other_fields()
    {
        var t = await Read("\uFEFF{\"accept_rate\": 0.5, \"grad_norm\": 1.25, \"id\": \"q1\"}\r\n\n" +
                           "{\"grad_norm\": 2e-3, \"extra\": {\"x\": [1, 2]}, \"accept_rate\": 1}\n" +
                           "  {\"id\": 17, \"accept_rate\": 0, \"grad_norm\": 0}");
        Assert.Equal(3, t.Count);
        Assert.Equal([0.5, 1, 0], t.AcceptRate.ToArray());
        Assert.Equal([1.25, 0.002, 0], t.GradNorm.ToArray());
        Assert.True(t.HasIds);
        Assert.Equal(["q1", "1", "17"], Enumerable.Range(0, 3).Select(t.IdAt));
    }

    [Fact]
    public async Task Streams_files_larger_than_its_buffer_including_a_very_long_line()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 30_000; i++) sb.Append("{\"accept_rate\": 0.25, \"grad_norm\": ").Append(i).Append("}\n");
        sb.Append("{\"accept_rate\": 0.75, \"grad_norm\": 3, \"id\": \"").Append('x', 3 << 20).Append("\"}\n");
        var t = await Read(sb.ToString());
        Assert.Equal(30_001, t.Count);
        Assert.Equal(29_999, t.GradNorm[29_999]);
        Assert.Equal(3 << 20, t.IdAt(30_000).Length);
    }

    [Theory]
    [InlineData("{\"accept_rate\": 0.5}", 1, "grad_norm", "missing field")]
    [InlineData("{\"grad_norm\": 1}", 1, "accept_rate", "missing field")]
    [InlineData("{\"accept_rate\": NaN, \"grad_norm\": 1}", 1, "accept_rate", "NaN")]
    [InlineData("{\"accept_rate\": 0.5, \"grad_norm\": Infinity}", 1, "grad_norm", "NaN")]
    [InlineData("{\"accept_rate\": \"0.5\", \"grad_norm\": 1}", 1, "accept_rate", "must be a number")]
    [InlineData("{\"accept_rate\": 1.5, \"grad_norm\": 1}", 1, "accept_rate", "[0, 1]")]
    [InlineData("{\"accept_rate\": -0.1, \"grad_norm\": 1}", 1, "accept_rate", "[0, 1]")]
    [InlineData("{\"accept_rate\": 0.5, \"grad_norm\": -2}", 1, "grad_norm", ">= 0")]
    [InlineData("{\"accept_rate\": 0.5, \"grad_norm\": 1e400}", 1, "grad_norm", "finite")]
    [InlineData("{\"accept_rate\": 0.5, \"grad_norm\": 1, \"id\": [1]}", 1, "id", "string or a number")]
    [InlineData("[0.5, 1]", 1, "", "JSON object")]
    [InlineData("{\"accept_rate\": 0.5, \"grad_norm\": 1} {\"accept_rate\": 0.5, \"grad_norm\": 1}", 1, "", "invalid JSON")]
    [InlineData("{\"accept_rate\": 0.5, \"grad_norm\": 1}\n{\"accept_rate\": 0.5, \"grad_norm\": 1\n", 2, "grad_norm", "")]
    public async Task Bad_records_name_the_line_and_field(string text, long line, string field, string message)
    {
        var e = await Bad(text);
        Assert.Equal(line, e.Line);
        Assert.Equal(field, e.Field);
        Assert.Contains(message, e.Message);
        Assert.StartsWith($"stats.jsonl:{line}: ", e.Message);
    }

    [Fact]
    public async Task Line_numbers_count_blank_lines()
    {
        var e = await Bad("{\"accept_rate\": 0.5, \"grad_norm\": 1}\n\n{\"accept_rate\": 2, \"grad_norm\": 1}\n");
        Assert.Equal(3, e.Line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \n")]
    public async Task Empty_files_are_rejected(string text)
    {
        var e = await Bad(text);
        Assert.Equal(0, e.Line);
        Assert.Contains("no records", e.Message);
    }
}
