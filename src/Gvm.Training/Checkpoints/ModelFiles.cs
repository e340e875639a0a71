using System.Text.Json;
using Gvm.Core.IO;
using Gvm.Core.Runs;
using Gvm.Reasoning.Tasks;
using Gvm.Training.Checkpoints;
using Gvm.Training.Model;

namespace Gvm.Training.Checkpoints;

/// <summary>
/// Where the policy comes from and where it goes: a preset (fresh, seeded init) or a Hugging Face directory
/// (config.json + model.safetensors, via <see cref="HfCheckpoint"/>); final/ adds the character tokenizer's
/// alphabet so the model can be decoded outside the trainer.
/// </summary>
public static class ModelFiles
{
    public const string ConfigFile = HfCheckpoint.ConfigFile;
    public const string TokenizerFile = "char_tokenizer.json";
    /// <summary>TorchSharp-format weights written by early builds of the trainer; still readable.</summary>
    public const string LegacyWeightsFile = "model.dat";

    public static Qwen2ForCausalLM Create(ModelOptions options, int vocabSize, int seed)
    {
        if (options.Checkpoint is { } dir) return Load(dir);
        var config = Qwen2Presets.ByName(options.Preset!, vocabSize) with { BosTokenId = CharTokenizer.BosId, EosTokenId = CharTokenizer.EosId };
        return Qwen2ForCausalLM.Create(config, RunSeeds.Of(seed, 0, RunSeeds.Init));
    }

    public static Qwen2ForCausalLM Load(string dir)
    {
        if (File.Exists(Path.Combine(dir, HfCheckpoint.WeightsFile)) || File.Exists(Path.Combine(dir, HfCheckpoint.IndexFile)))
            return HfCheckpoint.Load(dir);
        var configPath = Path.Combine(dir, ConfigFile);
        if (!File.Exists(configPath)) throw new FileNotFoundException($"model checkpoint has no {ConfigFile}: {dir}", configPath);
        var model = Qwen2ForCausalLM.Create(HfCheckpoint.LoadConfig(configPath));
        model.load(Path.Combine(dir, LegacyWeightsFile));
        return model;
    }

    /// <summary>Overwrites the weights of <paramref name="model"/> with those saved in <paramref name="dir"/>.</summary>
    public static void LoadWeightsInto(Qwen2ForCausalLM model, string dir)
    {
        if (File.Exists(Path.Combine(dir, LegacyWeightsFile))) model.load(Path.Combine(dir, LegacyWeightsFile));
        else HfCheckpoint.LoadWeights(model, dir);
    }

    public static void Save(Qwen2ForCausalLM model, string dir, CharTokenizer? tokenizer = null)
    {
        HfCheckpoint.Save(model, dir);
        if (tokenizer is not null)
            AtomicFile.WriteAllText(Path.Combine(dir, TokenizerFile), JsonSerializer.Serialize(new
            {
                kind = "char",
                alphabet = tokenizer.Alphabet,
                pad_id = CharTokenizer.PadId,
                bos_id = CharTokenizer.BosId,
                eos_id = CharTokenizer.EosId,
                first_char_id = 3,
            }));
    }
}
