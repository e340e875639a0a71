using static TorchSharp.torch;

namespace Gvm.Training.Rollout;

/// <summary>Left-padded prompt+response rows as the model's teacher-forced API takes them.</summary>
/// <param name="Ids">[B, T] int64; prompts right-aligned at <see cref="PromptWidth"/>, responses after, pad 0.</param>
/// <param name="AttentionMask">[B, T] 1 on real tokens.</param>
/// <param name="ResponseMask">[B, T] float32 1 on response tokens (including a final &lt;eos&gt;).</param>
public sealed record PackedSequences(Tensor Ids, Tensor AttentionMask, Tensor ResponseMask, int PromptWidth);

/// <summary>Builds <see cref="PackedSequences"/> from token lists (pure).</summary>
public static class SequencePacking
{
    public static PackedSequences Pack(IReadOnlyList<int[]> prompts, IReadOnlyList<int[]> responses, int padId, Device? device = null)
    {
        if (prompts.Count != responses.Count) throw new ArgumentException($"{prompts.Count} prompts but {responses.Count} responses");
        var b = prompts.Count;
        var promptWidth = prompts.Max(p => p.Length);
        var t = promptWidth + Math.Max(1, responses.Max(r => r.Length));
        var ids = new long[b * t];
        var attn = new long[b * t];
        var resp = new float[b * t];
        for (var i = 0; i < b; i++)
        {
            var p = prompts[i];
            var offset = i * t + promptWidth - p.Length;
            for (var k = 0; k < ids.Length / b; k++) ids[i * t + k] = padId;
            for (var k = 0; k < p.Length; k++) { ids[offset + k] = p[k]; attn[offset + k] = 1; }
            var r = responses[i];
            for (var k = 0; k < r.Length; k++)
            {
                var at = i * t + promptWidth + k;
                ids[at] = r[k];
                attn[at] = 1;
                resp[at] = 1;
            }
        }
        var dev = device ?? CPU;
        return new PackedSequences(
            tensor(ids, [b, t], ScalarType.Int64).to(dev),
            tensor(attn, [b, t], ScalarType.Int64).to(dev),
            tensor(resp, [b, t], ScalarType.Float32).to(dev),
            promptWidth);
    }
}
