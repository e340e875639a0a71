using System.Text.Json;
using Gvm.Core;
using Gvm.Core.IO;
using Gvm.Core.Runs;
using Gvm.Training.Checkpoints;
using Gvm.Training.Model;
using TorchSharp;

namespace Gvm.Training.Trainer;

/// <summary>
/// Resumable checkpoints under RUN_DIR/checkpoints/step_NNNNNN/: model weights, AdamW state (moments and step
/// counts), and <see cref="TrainerState"/> (step, data cursor, counters, current allocation; RNG streams are derived
/// from the step). A checkpoint becomes current only when <c>checkpoints/latest</c> is atomically rewritten to name
/// it, so a kill during a save leaves the previous one in force. The two newest are kept.
/// </summary>
public static class TrainerCheckpoint
{
    public const string Latest = "latest";
    private const string OptimizerFile = "optimizer.dat";
    private const string StateFile = "state.json";
    /// <summary>The KL reference's weights, kept only when it changes during a run (<c>gvm.reset_each_iteration</c>).</summary>
    private const string ReferenceDir = "reference";

    /// <param name="reference">The KL reference to keep with the checkpoint (null when it is the run's fixed starting model).</param>
    public static string Save(string runDir, Qwen2ForCausalLM model, PolicyOptimizer optimizer, TrainerState state,
        Qwen2ForCausalLM? reference = null)
    {
        var root = Path.Combine(runDir, RunFiles.Checkpoints);
        var name = $"step_{state.Step:D6}";
        var dir = Path.Combine(root, name);
        // Written whole under a temporary name, then renamed: a step_* directory is always complete. Saving a step
        // that already has a checkpoint (the final save after a periodic one) replaces it; a kill in between leaves
        // `latest` naming a missing directory, and FindLatest falls back to the newest complete one.
        var staging = Path.Combine(root, $".tmp-{name}");
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        optimizer.SaveWeights(model, staging); // float32 master weights when the model is bf16/fp16
        AtomicFile.Write(Path.Combine(staging, OptimizerFile), tmp => optimizer.Optimizer.save_state_dict(tmp));
        if (reference is not null) HfCheckpoint.Save(reference, Path.Combine(staging, ReferenceDir));
        AtomicFile.WriteAllText(Path.Combine(staging, StateFile), JsonSerializer.Serialize(state, GvmJson.Options));
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.Move(staging, dir);
        AtomicFile.WriteAllText(Path.Combine(root, Latest), name);
        foreach (var old in Directory.GetDirectories(root, "step_*").Order(StringComparer.Ordinal).SkipLast(2))
            Directory.Delete(old, recursive: true);
        return dir;
    }

    /// <summary>
    /// The current checkpoint directory (the one <c>latest</c> names), else the newest complete one (a kill while a
    /// checkpoint of the same step was being replaced), or null when the run has none.
    /// </summary>
    public static string? FindLatest(string runDir)
    {
        var root = Path.Combine(runDir, RunFiles.Checkpoints);
        var pointer = Path.Combine(root, Latest);
        if (!File.Exists(pointer)) return null;
        var dir = Path.Combine(root, File.ReadAllText(pointer).Trim());
        if (File.Exists(Path.Combine(dir, StateFile))) return dir;
        return Directory.GetDirectories(root, "step_*").Order(StringComparer.Ordinal)
            .LastOrDefault(d => File.Exists(Path.Combine(d, StateFile)));
    }

    /// <summary>
    /// Loads weights into <paramref name="model"/> and moments into <paramref name="optimizer"/> (and the KL reference's
    /// weights into <paramref name="reference"/> when the checkpoint kept them); returns the state.
    /// </summary>
    public static TrainerState Load(string dir, Qwen2ForCausalLM model, PolicyOptimizer optimizer, Qwen2ForCausalLM? reference = null)
    {
        ModelFiles.LoadWeightsInto(model, dir);
        if (reference is not null && Directory.Exists(Path.Combine(dir, ReferenceDir)))
            ModelFiles.LoadWeightsInto(reference, Path.Combine(dir, ReferenceDir));
        optimizer.LoadMasterWeights(dir);
        optimizer.Optimizer.load_state_dict(Path.Combine(dir, OptimizerFile));
        return JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(Path.Combine(dir, StateFile)), GvmJson.Options)
            ?? throw new InvalidDataException($"empty trainer state in {dir}");
    }
}
