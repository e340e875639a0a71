using System.Text.Json;
using Gvm.Core;
using Gvm.Core.IO;
using Gvm.Core.Runs;
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

    public static string Save(string runDir, Qwen2ForCausalLM model, TorchSharp.Modules.OptimizerHelper optimizer, TrainerState state)
    {
        var root = Path.Combine(runDir, RunFiles.Checkpoints);
        var name = $"step_{state.Step:D6}";
        var dir = Path.Combine(root, name);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        ModelFiles.Save(model, dir);
        AtomicFile.Write(Path.Combine(dir, OptimizerFile), tmp => optimizer.save_state_dict(tmp));
        AtomicFile.WriteAllText(Path.Combine(dir, StateFile), JsonSerializer.Serialize(state, GvmJson.Options));
        AtomicFile.WriteAllText(Path.Combine(root, Latest), name);
        foreach (var old in Directory.GetDirectories(root, "step_*").Order(StringComparer.Ordinal).SkipLast(2))
            Directory.Delete(old, recursive: true);
        return dir;
    }

    /// <summary>The current checkpoint directory, or null when the run has none.</summary>
    public static string? FindLatest(string runDir)
    {
        var pointer = Path.Combine(runDir, RunFiles.Checkpoints, Latest);
        if (!File.Exists(pointer)) return null;
        var dir = Path.Combine(runDir, RunFiles.Checkpoints, File.ReadAllText(pointer).Trim());
        return Directory.Exists(dir) ? dir : null;
    }

    /// <summary>Loads weights into <paramref name="model"/> and moments into <paramref name="optimizer"/>; returns the state.</summary>
    public static TrainerState Load(string dir, Qwen2ForCausalLM model, TorchSharp.Modules.OptimizerHelper optimizer)
    {
        ModelFiles.LoadWeightsInto(model, dir);
        optimizer.load_state_dict(Path.Combine(dir, OptimizerFile));
        return JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(Path.Combine(dir, StateFile)), GvmJson.Options)
            ?? throw new InvalidDataException($"empty trainer state in {dir}");
    }
}
