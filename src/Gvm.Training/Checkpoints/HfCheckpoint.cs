using System.Text.Json;
using Gvm.Core.IO;
using Gvm.Training.Devices;
using Gvm.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Gvm.Training.Checkpoints;

/// <summary>
/// Hugging Face checkpoint directories: <c>config.json</c> + <c>model.safetensors</c>, or on load also sharded
/// <c>model-0000x-of-0000y.safetensors</c> files listed in <c>model.safetensors.index.json</c>.
/// Tensor names are transformers' (see <see cref="Qwen2ForCausalLM"/>), so checkpoints move both ways.
/// </summary>
public static class HfCheckpoint
{
    public const string ConfigFile = "config.json";
    public const string WeightsFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    /// <summary>
    /// Writes the model. Each file goes through a temp file + rename (<see cref="AtomicFile"/>); the weights are written
    /// before config.json, so a directory whose config.json is present never holds half-written weights.
    /// </summary>
    public static void Save(Qwen2ForCausalLM model, string directory, SafeTensorDtype dtype = SafeTensorDtype.F32)
    {
        ArgumentNullException.ThrowIfNull(model);
        Save(model.Config, model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).ToList(), directory, dtype);
    }

    /// <summary>Writes <paramref name="tensors"/> (transformers names) as the weights of a model of <paramref name="config"/>.</summary>
    public static void Save(Qwen2Config config, IReadOnlyList<(string Name, Tensor Tensor)> tensors, string directory, SafeTensorDtype dtype = SafeTensorDtype.F32)
    {
        ArgumentNullException.ThrowIfNull(config);
        Directory.CreateDirectory(directory);
        var metadata = new Dictionary<string, string> { ["format"] = "pt" };
        AtomicFile.Write(Path.Combine(directory, WeightsFile), tmp => SafeTensorsFile.Write(tmp, tensors, dtype, metadata));
        (config with { TorchDtype = dtype.TorchDtypeName() }).Save(Path.Combine(directory, ConfigFile));
    }

    /// <summary>Builds a model from <c>config.json</c> and loads its weights onto <paramref name="device"/> (CPU by default).</summary>
    public static Qwen2ForCausalLM Load(string directory, ComputeDevice? device = null)
    {
        var configPath = Path.Combine(directory, ConfigFile);
        if (!File.Exists(configPath)) throw new CheckpointException($"{configPath}: not found (not a Hugging Face checkpoint directory)");
        var model = Qwen2ForCausalLM.Create(LoadConfig(configPath));
        try
        {
            LoadWeights(model, directory);
            (device ?? ComputeDevice.Cpu).Place(model);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Reads a <c>config.json</c>; every way it can be bad is a <see cref="CheckpointException"/> naming the file.</summary>
    public static Qwen2Config LoadConfig(string path)
    {
        try
        {
            return Qwen2Config.FromJson(Gvm.Core.Inputs.InputFiles.ReadAllText(path), path);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or InvalidOperationException or OverflowException or NotSupportedException)
        {
            throw new CheckpointException(e.Message.StartsWith(path, StringComparison.Ordinal) ? e.Message : $"{path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Copies every parameter from the checkpoint into <paramref name="model"/> (converting dtype). Fails with a
    /// <see cref="CheckpointException"/> naming the tensor and both shapes when one is missing or mis-shaped, or naming
    /// any tensor the model does not have.
    /// </summary>
    public static void LoadWeights(Qwen2ForCausalLM model, string directory)
    {
        var sources = WeightSources(directory); // tensor name → file
        var headers = sources.Values.Distinct().ToDictionary(f => f, SafeTensorsFile.ReadHeader);
        var expected = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);

        foreach (var (name, parameter) in expected)
        {
            if (!sources.TryGetValue(name, out var file) || !headers[file].Entries.ContainsKey(name))
                throw new CheckpointException($"{directory}: tensor '{name}' is missing from the checkpoint (model shape {Shape(parameter.shape)}, checkpoint shape: none)");
            var entry = headers[file].Entries[name];
            if (!entry.Shape.SequenceEqual(parameter.shape))
                throw new CheckpointException($"{file}: tensor '{name}' has shape {Shape(entry.Shape)} in the checkpoint but the model expects {Shape(parameter.shape)}");
        }
        var unexpected = sources.Keys.Where(n => !expected.ContainsKey(n) && !Ignorable(n, model.Config)).ToList();
        if (unexpected.Count > 0)
            throw new CheckpointException($"{directory}: checkpoint has tensors the model does not: {string.Join(", ", unexpected.Take(10))}");

        using var noGrad = no_grad();
        foreach (var group in expected.GroupBy(e => sources[e.Key]))
        {
            using var stream = File.OpenRead(group.Key);
            foreach (var (name, parameter) in group)
            {
                using var scope = NewDisposeScope();
                var loaded = SafeTensorsFile.ReadTensor(stream, headers[group.Key].Entries[name], headers[group.Key].DataStart);
                parameter.copy_(loaded.to(parameter.dtype, parameter.device));
            }
        }
    }

    /// <summary>Tensor name → file, from model.safetensors or else from the shard index.</summary>
    private static Dictionary<string, string> WeightSources(string directory)
    {
        var single = Path.Combine(directory, WeightsFile);
        if (File.Exists(single))
            return SafeTensorsFile.ReadHeader(single).Entries.Keys.ToDictionary(n => n, _ => single);
        var index = Path.Combine(directory, IndexFile);
        if (!File.Exists(index))
            throw new CheckpointException($"{directory}: neither {WeightsFile} nor {IndexFile} exists");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(index));
            return doc.RootElement.GetProperty("weight_map").EnumerateObject()
                .ToDictionary(p => p.Name, p => Path.Combine(directory, p.Value.GetString() ?? throw new CheckpointException($"{index}: weight_map['{p.Name}'] is not a file name")));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new CheckpointException($"{index}: malformed index: {e.Message}", e);
        }
    }

    /// <summary>Tensors transformers may store that this model derives instead: a tied head, rotary tables.</summary>
    private static bool Ignorable(string name, Qwen2Config config) =>
        (config.TieWordEmbeddings && name == "lm_head.weight") || name.EndsWith("rotary_emb.inv_freq", StringComparison.Ordinal);

    private static string Shape(IEnumerable<long> shape) => $"[{string.Join(", ", shape)}]";
}
