using Gvm.Training.Rollout;
using static TorchSharp.torch;

namespace Gvm.Training.Tests.Rollout;

public class ResponsePackingTests
{
    private static readonly int[][] Prompts = [[5, 6], [7], [8, 9, 10]];
    private static readonly int[][] Responses = [[11, 12, 13], [14], [15, 16]];

    [Fact]
    public void Rows_are_left_padded_whole_and_responses_come_back_in_response_coordinates()
    {
        using var scope = NewDisposeScope();
        var packed = ResponsePacking.Pack(Prompts, Responses, [1, 0, 2], padId: 0);
        // Longest prompt + response is 5 (rows 0 and 2), longest response 3.
        Assert.Equal(new long[] { 0, 0, 0, 7, 14, 5, 6, 11, 12, 13, 8, 9, 10, 15, 16 }, packed.Ids.data<long>().ToArray());
        Assert.Equal(new long[] { 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, packed.AttentionMask.data<long>().ToArray());
        // Response token j of a row is predicted by the column before it.
        Assert.Equal(new long[] { 3, 0, 0, 1, 2, 3, 2, 3, 0 }, packed.PredictorColumns.data<long>().ToArray());
        Assert.Equal(new long[] { 14, 0, 0, 11, 12, 13, 15, 16, 0 }, packed.Targets.data<long>().ToArray());
        Assert.Equal(new float[] { 1, 0, 0, 1, 1, 1, 1, 1, 0 }, packed.ResponseMask.data<float>().ToArray());
    }

    [Fact]
    public void Buckets_hold_every_row_once_sorted_by_length_and_within_the_token_budget()
    {
        var random = new Random(3);
        var prompts = Enumerable.Range(0, 50).Select(_ => new int[random.Next(1, 10)]).ToArray();
        var responses = Enumerable.Range(0, 50).Select(_ => new int[random.Next(1, 40)]).ToArray();
        var rows = Enumerable.Range(0, 50).Where(i => i % 7 != 3).ToArray();
        var buckets = ResponsePacking.Buckets(prompts, responses, rows, tokenBudget: 200);
        Assert.Equal(rows.Order(), buckets.SelectMany(b => b).Order());
        int Length(int i) => prompts[i].Length + responses[i].Length;
        foreach (var bucket in buckets)
            Assert.True(bucket.Length == 1 || bucket.Length * bucket.Max(Length) <= 200, $"bucket of {bucket.Length} rows, longest {bucket.Max(Length)}");
        var lengths = buckets.SelectMany(b => b).Select(Length).ToArray();
        Assert.Equal(lengths.Order(), lengths); // buckets follow the length order
        Assert.True(buckets.Count > 3);
    }
}
