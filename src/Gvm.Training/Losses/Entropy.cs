using Gvm.Training.Model;
using static TorchSharp.torch;

namespace Gvm.Training.Losses;

/// <summary>Token entropy of the policy (verl <c>entropy_from_logits</c>).</summary>
public static class Entropy
{
    /// <summary>H = logsumexp(z) − Σ softmax(z)·z, per position: [B, T, V] → [B, T].</summary>
    public static Tensor FromLogits(Tensor logits)
    {
        var p = nn.functional.softmax(logits, -1);               // [B, T, V]
        return logits.logsumexp(-1).sub((p * logits).sum(-1));       // [B, T]
    }
}
