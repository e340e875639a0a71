using static TorchSharp.torch;

namespace Gvm.Training.Model;

/// <summary>
/// Teacher-forced per-token results aligned with the input ids: entry [b, t] is about token ids[b, t] given
/// ids[b, &lt;t]. Entries outside the response mask (and t = 0, which has no context) are 0.
/// </summary>
/// <param name="LogProbs">[B, T] float32 log p(ids[t] | ids[&lt;t]).</param>
/// <param name="Entropy">[B, T] float32 entropy of the predictive distribution at t, or null when not requested.</param>
public sealed record TokenLogProbs(Tensor LogProbs, Tensor? Entropy);
