using Gvm.Training.Generation;
using Gvm.Training.Model;
using Gvm.Training.Rollout;
using Gvm.Training.Tasks;
using TorchSharp;

namespace Gvm.Training.Study;

/// <summary>
/// A forwarding <see cref="ITrainingTask"/> that keeps the batch of its last <see cref="Sample"/> call, so the study
/// can run <see cref="Rl.GvmPresampler.Plan"/> unchanged and still reuse the N' presamples it drew (they are the extra
/// samples of the "uniform at equal total rollouts" estimator).
/// </summary>
internal sealed class PresampleCapture(ITrainingTask inner) : ITrainingTask
{
    public RolloutBatch? Last { get; private set; }

    public int TrainCount => inner.TrainCount;
    public int PadTokenId => inner.PadTokenId;
    public IReadOnlyList<int> StopTokenIds => inner.StopTokenIds;
    public string Summary => inner.Summary;
    public Qwen2ForCausalLM CreateModel() => inner.CreateModel();
    public TrainPrompt Prompt(int trainIndex) => inner.Prompt(trainIndex);

    public RolloutBatch Sample(Qwen2ForCausalLM policy, IReadOnlyList<int> trainIndices, IReadOnlyList<int> counts,
        GenerationOptions options, torch.Generator? generator) =>
        Last = inner.Sample(policy, trainIndices, counts, options, generator);

    public Dictionary<string, double> Evaluate(Qwen2ForCausalLM policy) => inner.Evaluate(policy);
    public void WriteEvaluation(string directory) => inner.WriteEvaluation(directory);
    public void SaveFinal(Qwen2ForCausalLM policy, string directory) => inner.SaveFinal(policy, directory);
}
