using Gvm.Training.Model;
using static TorchSharp.torch;

namespace Gvm.Training.Tests.Model;

/// <summary>Shared fixtures: a micro model whose weights are large enough that argmax has no near-ties.</summary>
internal static class TestModels
{
    public static Qwen2ForCausalLM Micro(ulong seed = 1, int vocab = 16) =>
        Qwen2ForCausalLM.Create(Qwen2Presets.Micro(vocab) with { InitializerRange = 0.3 }, seed);

    public static readonly int[][] Prompts = [[1, 2, 3], [4], [5, 6, 7, 8, 9], [3, 3]];

    /// <summary>Left-padded prompt + right-padded response rows: ids, attention mask and response mask, each [B, T].</summary>
    public static (Tensor Ids, Tensor Mask, Tensor ResponseMask) Concatenate(IReadOnlyList<int[]> prompts, IReadOnlyList<int[]> responses)
    {
        int b = prompts.Count, p = prompts.Max(x => x.Length), r = responses.Max(x => x.Length);
        var ids = new long[b * (p + r)];
        var mask = new long[b * (p + r)];
        var response = new long[b * (p + r)];
        for (var i = 0; i < b; i++)
        {
            var row = i * (p + r);
            for (var j = 0; j < prompts[i].Length; j++)
            {
                ids[row + p - prompts[i].Length + j] = prompts[i][j];
                mask[row + p - prompts[i].Length + j] = 1;
            }
            for (var j = 0; j < responses[i].Length; j++)
            {
                ids[row + p + j] = responses[i][j];
                mask[row + p + j] = 1;
                response[row + p + j] = 1;
            }
        }
        return (tensor(ids, [b, p + r]), tensor(mask, [b, p + r]), tensor(response, [b, p + r]));
    }
}
