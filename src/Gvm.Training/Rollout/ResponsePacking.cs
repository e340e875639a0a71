using static TorchSharp.torch;

namespace Gvm.Training.Rollout;

/// <summary>
/// Whole sequences (prompt + response) left-padded to the longest of the group, plus where each response token is
/// predicted, so per-token results come back in response coordinates [b, R] (R = longest response of the group)
/// whatever the padding. Letters: b rows, T = longest prompt + response of the group, R = longest response.
/// </summary>
/// <param name="Ids">[b, T] int64; row i is pad… prompt response (right-aligned).</param>
/// <param name="AttentionMask">[b, T] int64, 1 on real tokens.</param>
/// <param name="PredictorColumns">[b, R] int64: the column whose logits predict response token j (one before it);
/// 0 where j ≥ the row's response length (masked out).</param>
/// <param name="Targets">[b, R] int64: response token j (pad id beyond the response).</param>
/// <param name="ResponseMask">[b, R] float32: 1 for j &lt; the row's response length.</param>
public sealed record PackedResponses(Tensor Ids, Tensor AttentionMask, Tensor PredictorColumns, Tensor Targets, Tensor ResponseMask)
{
    public long Rows => Ids.shape[0];

    /// <summary>Padded tokens of the forward pass (b · T).</summary>
    public long PaddedTokens => Ids.shape[0] * Ids.shape[1];
}

/// <summary>
/// Packs rows of a rollout batch as <see cref="PackedResponses"/> (pure apart from creating the tensors), and groups
/// rows into length buckets so that forward passes do not pad every row to the longest one of the step.
/// </summary>
public static class ResponsePacking
{
    /// <summary>Packs <paramref name="rows"/> of (prompts, responses) in that order. A row with an empty response
    /// contributes nothing (its mask row is 0).</summary>
    public static PackedResponses Pack(IReadOnlyList<int[]> prompts, IReadOnlyList<int[]> responses, IReadOnlyList<int> rows,
        int padId, Device? device = null)
    {
        if (prompts.Count != responses.Count) throw new ArgumentException($"{prompts.Count} prompts but {responses.Count} responses");
        if (rows.Count == 0) throw new ArgumentException("no rows to pack", nameof(rows));
        var b = rows.Count;
        var t = 0;
        var r = 1;
        foreach (var i in rows)
        {
            t = Math.Max(t, prompts[i].Length + responses[i].Length);
            r = Math.Max(r, responses[i].Length);
        }
        var ids = new long[b * t];
        var attention = new long[b * t];
        var predictors = new long[b * r];
        var targets = new long[b * r];
        var mask = new float[b * r];
        Array.Fill(ids, padId);
        Array.Fill(targets, padId);
        for (var k = 0; k < b; k++)
        {
            var prompt = prompts[rows[k]];
            var response = responses[rows[k]];
            var start = t - prompt.Length - response.Length; // left padding
            for (var j = 0; j < prompt.Length; j++) { ids[k * t + start + j] = prompt[j]; attention[k * t + start + j] = 1; }
            var responseStart = start + prompt.Length;
            for (var j = 0; j < response.Length; j++)
            {
                ids[k * t + responseStart + j] = response[j];
                attention[k * t + responseStart + j] = 1;
                predictors[k * r + j] = responseStart + j - 1; // prompts are never empty, so this is ≥ 0
                targets[k * r + j] = response[j];
                mask[k * r + j] = 1;
            }
        }
        var dev = device ?? CPU;
        return new PackedResponses(
            tensor(ids, [b, t], ScalarType.Int64).to(dev),
            tensor(attention, [b, t], ScalarType.Int64).to(dev),
            tensor(predictors, [b, r], ScalarType.Int64).to(dev),
            tensor(targets, [b, r], ScalarType.Int64).to(dev),
            tensor(mask, [b, r], ScalarType.Float32).to(dev));
    }

    /// <summary>
    /// Splits <paramref name="rows"/> into buckets of rows of similar length: sorted by prompt + response length
    /// (stable, so equal lengths keep their order), cut whenever adding the next row would make the bucket's padded
    /// token count (rows × longest) exceed <paramref name="tokenBudget"/>. Every row lands in exactly one bucket.
    /// </summary>
    public static List<int[]> Buckets(IReadOnlyList<int[]> prompts, IReadOnlyList<int[]> responses, IReadOnlyList<int> rows, int tokenBudget)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokenBudget);
        var sorted = rows.OrderBy(i => prompts[i].Length + responses[i].Length).ToArray();
        var buckets = new List<int[]>();
        var start = 0;
        for (var k = 0; k < sorted.Length; k++)
        {
            var longest = prompts[sorted[k]].Length + responses[sorted[k]].Length; // sorted: row k is the longest so far
            if (k > start && (long)(k - start + 1) * longest > tokenBudget)
            {
                buckets.Add(sorted[start..k]);
                start = k;
            }
        }
        if (start < sorted.Length) buckets.Add(sorted[start..]);
        return buckets;
    }
}
