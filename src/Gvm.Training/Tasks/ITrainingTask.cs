using Gvm.Training.Generation;
using Gvm.Training.Model;
using Gvm.Training.Rollout;
using TorchSharp;

namespace Gvm.Training.Tasks;

/// <summary>One train prompt as allocations.jsonl names it: its id and difficulty level (0 when the task has none).</summary>
public readonly record struct TrainPrompt(int Id, int Level);

/// <summary>
/// What the trainer's run loop (Trainer/TrainerRun.cs) needs from a task (spec <c>task.kind</c>): the model
/// it starts from, prompt encoding + reward (one <see cref="Sample"/> call: Generate → Score), the evaluation, and the
/// files of <c>final/</c>. Everything else (schedule, algorithms, checkpoints, resume, journal, signals, exit codes)
/// is the run loop's and identical for every task. Train prompts are addressed by index in [0, <see cref="TrainCount"/>).
/// </summary>
public interface ITrainingTask
{
    /// <summary>Number of train prompts (the seeded data order permutes these indices).</summary>
    int TrainCount { get; }

    /// <summary>Left-padding id of prompts and finished sequences.</summary>
    int PadTokenId { get; }

    /// <summary>Generation stops after any of these ids.</summary>
    IReadOnlyList<int> StopTokenIds { get; }

    /// <summary>Data sizes for the run's first log line, e.g. "train 300, test 10".</summary>
    string Summary { get; }

    /// <summary>A fresh policy (or reference) model: the spec's preset or checkpoint.</summary>
    Qwen2ForCausalLM CreateModel();

    TrainPrompt Prompt(int trainIndex);

    /// <summary>
    /// counts[k] responses for train prompt trainIndices[k], rows prompt-major, each scored with the task's 0/1
    /// reward; the group id of a row is its prompt's id.
    /// </summary>
    RolloutBatch Sample(Qwen2ForCausalLM policy, IReadOnlyList<int> trainIndices, IReadOnlyList<int> counts,
        GenerationOptions options, torch.Generator? generator);

    /// <summary>The eval/* metrics of the policy (always including eval/accuracy).</summary>
    Dictionary<string, double> Evaluate(Qwen2ForCausalLM policy);

    /// <summary>Writes the files of the last <see cref="Evaluate"/> (per-sample outputs, tables) into a directory; a task
    /// whose metrics say everything writes nothing.</summary>
    void WriteEvaluation(string directory);

    /// <summary>Writes the final model and whatever a user needs to decode it (tokenizer files).</summary>
    void SaveFinal(Qwen2ForCausalLM policy, string directory);
}
