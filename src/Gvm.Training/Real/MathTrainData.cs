using System.Text.Json.Serialization;
using Gvm.Training.Eval;
using Parquet.Serialization;

namespace Gvm.Training.Real;

/// <summary>
/// Math RL prompts: JSON Lines or Parquet rows with <c>problem</c> and <c>answer</c> (Numina-Math style), and the
/// per-iteration shards the paper's EM loop draws (a seeded permutation per pass over the data, cut in consecutive
/// shards of the iteration's prompt count).
/// </summary>
public static class MathTrainData
{
    public static async Task<IReadOnlyList<MathProblem>> LoadAsync(string path, int limit = 0, CancellationToken cancellationToken = default)
    {
        if (!path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
            return MathBenchmarks.Load("train", path, limit);
        await using var stream = File.OpenRead(path);
        var rows = await ParquetSerializer.DeserializeAsync<Row>(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        var problems = new List<MathProblem>();
        foreach (var row in rows.Data)
        {
            if (limit > 0 && problems.Count >= limit) break;
            if (string.IsNullOrEmpty(row.Problem) || row.Answer is null)
                throw new InvalidDataException($"{path}: row {problems.Count}: 'problem' and 'answer' are required");
            problems.Add(new MathProblem("train", problems.Count, row.Problem, row.Answer));
        }
        return problems;
    }

    /// <summary>Indices of shard <paramref name="iteration"/> (size <paramref name="shardSize"/>) of a seeded shuffle; wraps into a new permutation per pass.</summary>
    public static int[] Shard(int count, int iteration, int shardSize, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shardSize);
        var result = new int[shardSize];
        for (var k = 0; k < shardSize; k++)
        {
            var position = (long)iteration * shardSize + k;
            var pass = (int)(position / count);
            result[k] = Permutation(count, seed, pass)[position % count];
        }
        return result;
    }

    private static int[] Permutation(int count, int seed, int pass)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(HashCode.Combine(seed, pass, 0x6d617468)).Shuffle(order);
        return order;
    }

    private sealed class Row
    {
        [JsonPropertyName("problem")] public string? Problem { get; set; }
        [JsonPropertyName("answer")] public string? Answer { get; set; }
    }
}
