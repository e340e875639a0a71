using System.Text.Json;
using Gvm.Core.IO;
using Gvm.Core.Inputs;
using Gvm.Core.Runs;
using Gvm.Core;
using Gvm.Training.Checkpoints;
using Gvm.Training.Model;
using Gvm.Training.Optim;
using TorchSharp;

namespace Gvm.Training.State;

/// <summary>
/// Resumable checkpoints under RUN_DIR/checkpoints/step_NNNNNN/: model weights, AdamW state (moments and step
/// counts), <see cref="TrainerState"/> (step, data cursor, counters, current allocation; RNG streams are derived from
/// the step) and the spec the run had (<c>spec.json</c>, checked on resume). A checkpoint is written whole in a staging
/// directory, every file fsynced, then renamed into place and named by <c>checkpoints/latest</c> (rewritten atomically),
/// so a kill during a save leaves the previous one in force. The two newest are kept. On resume every candidate is
/// verified (state.json parses, config.json and the safetensors header are sound and the data is all there, the
/// optimizer file is not empty) and a damaged one is set aside (<c>checkpoints/damaged/</c>) for the next older one.
/// </summary>
public static class TrainerCheckpoint
{
    public const string Latest = "latest";
    /// <summary>Where damaged checkpoints are moved (kept for inspection, never read again).</summary>
    public const string DamagedDir = "damaged";
    public const string SpecFile = "spec.json";
    private const string OptimizerFile = "optimizer.safetensors";
    private const string StateFile = "state.json";
    /// <summary>The KL reference's weights, kept only when it changes during a run (<c>gvm.reset_each_iteration</c>).</summary>
    private const string ReferenceDir = "reference";

    /// <param name="reference">The KL reference to keep with the checkpoint (null when it is the run's fixed starting model).</param>
    /// <param name="spec">The run's spec, kept beside the state so a resume with another spec is detected.</param>
    public static string Save(string runDir, Qwen2ForCausalLM model, PolicyOptimizer optimizer, TrainerState state,
        Qwen2ForCausalLM? reference = null, RunSpec? spec = null)
    {
        var root = Path.Combine(runDir, RunFiles.Checkpoints);
        var name = $"step_{state.Step:D6}";
        var dir = Path.Combine(root, name);
        // Written whole under a temporary name, then renamed: a step_* directory is always complete. Saving a step
        // that already has a checkpoint (the final save after a periodic one) replaces it; a kill in between leaves
        // `latest` naming a missing directory, and the resume falls back to the newest intact one.
        var staging = Path.Combine(root, $".tmp-{name}");
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        optimizer.SaveWeights(model, staging); // float32 master weights when the model is bf16/fp16
        FaultPoints.Reach(FaultPoints.CheckpointWeights, state.Step);
        AtomicFile.Write(Path.Combine(staging, OptimizerFile), optimizer.SaveState);
        if (reference is not null) HfCheckpoint.Save(reference, Path.Combine(staging, ReferenceDir));
        if (spec is not null) AtomicFile.WriteAllText(Path.Combine(staging, SpecFile), spec.ToJson());
        AtomicFile.WriteAllText(Path.Combine(staging, StateFile), JsonSerializer.Serialize(state, GvmJson.Options));
        FaultPoints.Reach(FaultPoints.CheckpointStaged, state.Step);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.Move(staging, dir);
        AtomicFile.FlushDirectory(root); // the rename is durable before `latest` names it
        FaultPoints.Reach(FaultPoints.CheckpointRenamed, state.Step);
        AtomicFile.WriteAllText(Path.Combine(root, Latest), name);
        foreach (var old in Directory.GetDirectories(root, "step_*").Order(StringComparer.Ordinal).SkipLast(2))
            Directory.Delete(old, recursive: true);
        return dir;
    }

    /// <summary>
    /// The directories to resume from, best first: the one <c>latest</c> names, then every other step_* directory
    /// from the newest. Nothing is verified here (see <see cref="Problem"/>).
    /// </summary>
    public static IReadOnlyList<string> Candidates(string runDir)
    {
        var root = Path.Combine(runDir, RunFiles.Checkpoints);
        if (!Directory.Exists(root)) return [];
        var all = Directory.GetDirectories(root, "step_*").OrderDescending(StringComparer.Ordinal).ToList();
        var pointer = Path.Combine(root, Latest);
        string? named = null;
        try
        {
            if (File.Exists(pointer)) named = Path.Combine(root, File.ReadAllText(pointer).Trim());
        }
        catch (IOException)
        {
            // an unreadable pointer: the directories themselves decide
        }
        if (named is not null && all.Remove(named)) all.Insert(0, named);
        return all;
    }

    /// <summary>The newest candidate that passes <see cref="Problem"/>, or null (tests; the trainer uses <see cref="FindResumable"/>).</summary>
    public static string? FindLatest(string runDir) => Candidates(runDir).FirstOrDefault(d => Problem(d) is null);

    /// <summary>
    /// The newest intact checkpoint; each damaged one on the way is set aside and reported through
    /// <paramref name="report"/> (train.log and status.json). Null when none is left: the run starts over.
    /// </summary>
    public static string? FindResumable(string runDir, Action<string> report)
    {
        foreach (var dir in Candidates(runDir))
        {
            if (Problem(dir) is not { } problem) return dir;
            SetAside(dir, problem, report);
        }
        return null;
    }

    /// <summary>Why <paramref name="dir"/> cannot be resumed from, or null when every file checks out.</summary>
    public static string? Problem(string dir)
    {
        try
        {
            JsonInput.Load<TrainerState>(Path.Combine(dir, StateFile), GvmJson.Options);
            CheckModel(dir);
            var optimizer = new FileInfo(Path.Combine(dir, OptimizerFile));
            if (!optimizer.Exists) return $"{optimizer.FullName}: missing";
            if (optimizer.Length == 0) return $"{optimizer.FullName}: empty";
            CheckLength(optimizer.FullName);
            if (Directory.Exists(Path.Combine(dir, ReferenceDir))) CheckModel(Path.Combine(dir, ReferenceDir));
            if (File.Exists(Path.Combine(dir, SpecFile))) RunSpec.Load(Path.Combine(dir, SpecFile));
            return null;
        }
        catch (Exception e) when (e is InputException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    /// <summary>The spec a checkpoint was written under (null for checkpoints of builds that did not keep it).</summary>
    public static RunSpec? SpecOf(string dir) =>
        File.Exists(Path.Combine(dir, SpecFile)) ? RunSpec.Load(Path.Combine(dir, SpecFile)) : null;

    /// <summary>Moves a damaged checkpoint to checkpoints/damaged/ (never resumed from, never deleted) and reports why.</summary>
    public static void SetAside(string dir, string why, Action<string> report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var root = Path.GetDirectoryName(Path.GetFullPath(dir))!;
        var target = Path.Combine(root, DamagedDir, $"{Path.GetFileName(dir)}-{DateTimeOffset.UtcNow:yyyyMMddTHHmmssfff}");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            Directory.Move(dir, target);
            AtomicFile.FlushDirectory(root);
            report($"checkpoint {Path.GetFileName(dir)} is damaged ({why}); moved to {Path.GetRelativePath(root, target)}");
        }
        catch (IOException e)
        {
            report($"checkpoint {Path.GetFileName(dir)} is damaged ({why}) and could not be moved aside ({e.Message}); skipped");
        }
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
        optimizer.LoadState(Path.Combine(dir, OptimizerFile));
        return JsonInput.Load<TrainerState>(Path.Combine(dir, StateFile), GvmJson.Options);
    }

    /// <summary>
    /// True for what a damaged checkpoint throws while it is loaded (torch reading a cut optimizer file, a tensor
    /// whose bytes are missing): the resume sets it aside and tries the next one. Anything else is not the files' fault.
    /// </summary>
    public static bool IsDamage(Exception e) =>
        e is InputException or IOException or InvalidDataException or System.Runtime.InteropServices.ExternalException
            or ArgumentException or InvalidOperationException or FormatException or OverflowException;

    private static void CheckModel(string dir)
    {
        var config = Path.Combine(dir, HfCheckpoint.ConfigFile);
        if (!File.Exists(config)) throw new CheckpointException($"{config}: missing");
        HfCheckpoint.LoadConfig(config);
        var weights = Path.Combine(dir, HfCheckpoint.WeightsFile);
        if (File.Exists(weights)) CheckLength(weights);
        else if (!File.Exists(Path.Combine(dir, ModelFiles.LegacyWeightsFile)))
        {
            throw new CheckpointException($"{weights}: missing");
        }
    }

    /// <summary>A safetensors file whose header describes exactly the bytes it has (a cut write does not).</summary>
    private static void CheckLength(string path)
    {
        var (entries, _, dataStart) = SafeTensorsFile.ReadHeader(path);
        var end = entries.Values.Select(e => e.End).DefaultIfEmpty(0).Max();
        var length = new FileInfo(path).Length;
        if (dataStart + end != length)
            throw new CheckpointException($"{path}: {length} bytes, but its header describes {dataStart + end}");
    }
}
