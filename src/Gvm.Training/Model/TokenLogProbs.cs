using static TorchSharp.torch;

namespace Gvm.Training.Model;

/// <summary>
/// Teacher-forced per-token results. From <see cref="Qwen2ForCausalLM.SequenceLogProbs"/> they are aligned with the input
/// ids: entry [b, t] is about token ids[b, t] given ids[b, &lt;t], 0 outside the response mask and at t = 0. From
/// <see cref="Qwen2ForCausalLM.ResponseLogProbs"/> they are in response coordinates [b, R]: entry [b, j] is about
/// response token j, 0 beyond the row's response.
/// </summary>
/// <param name="LogProbs">[B, T] float32 log p(ids[t] | ids[&lt;t]).</param>
/// <param name="Entropy">[B, T] float32 entropy of the predictive distribution at t, or null when not requested.</param>
public sealed record TokenLogProbs(Tensor LogProbs, Tensor? Entropy);
