using Gvm.Core.Runs;
using Gvm.Training.Model;

namespace Gvm.Training.Trainer;

/// <summary>
/// Where the policy comes from and where it goes: a preset (fresh, seeded init) or a model directory
/// (config.json + weights), and the final/ directory an RL stage starts from.
/// </summary>
public static class ModelFiles
{
    public const string ConfigFile = "config.json";
    public const string WeightsFile = "model.dat";

    public static Qwen2ForCausalLM Create(ModelOptions options, int vocabSize, int seed)
    {
        if (options.Checkpoint is { } dir) return Load(dir);
        var config = Qwen2Presets.ByName(options.Preset!, vocabSize) with { BosTokenId = 1, EosTokenId = 2 };
        return Qwen2ForCausalLM.Create(config, (ulong)RunSeeds.Of(seed, 0, RunSeeds.Init));
    }

    public static Qwen2ForCausalLM Load(string dir)
    {
        var configPath = Path.Combine(dir, ConfigFile);
        if (!File.Exists(configPath)) throw new FileNotFoundException($"model checkpoint has no {ConfigFile}: {dir}", configPath);
        var model = Qwen2ForCausalLM.Create(Qwen2Config.Load(configPath));
        model.load(Path.Combine(dir, WeightsFile));
        return model;
    }

    public static void Save(Qwen2ForCausalLM model, string dir)
    {
        Directory.CreateDirectory(dir);
        model.Config.Save(Path.Combine(dir, ConfigFile));
        Gvm.Core.IO.AtomicFile.Write(Path.Combine(dir, WeightsFile), tmp => model.save(tmp));
    }
}
