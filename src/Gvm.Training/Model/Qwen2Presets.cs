namespace Gvm.Training.Model;

/// <summary>Named architectures small enough to train on 2 CPU cores (see shared/docs/calibration.md).</summary>
public static class Qwen2Presets
{
    /// <summary>~0.8M parameters with a 24-symbol vocabulary: 4 layers × 128 hidden, 4 heads, 2 kv heads.</summary>
    public static Qwen2Config Tiny(int vocabSize = 32) => new()
    {
        VocabSize = vocabSize,
        HiddenSize = 128,
        IntermediateSize = 352,
        NumHiddenLayers = 4,
        NumAttentionHeads = 4,
        NumKeyValueHeads = 2,
        RopeTheta = 10_000,
        RmsNormEps = 1e-6,
        TieWordEmbeddings = true,
        MaxPositionEmbeddings = 512,
    };

    /// <summary>For unit tests: 2 layers × 32 hidden, 4 heads, 2 kv heads (head dim 8), untied head.</summary>
    public static Qwen2Config Micro(int vocabSize = 16) => new()
    {
        VocabSize = vocabSize,
        HiddenSize = 32,
        IntermediateSize = 64,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        NumKeyValueHeads = 2,
        RopeTheta = 10_000,
        RmsNormEps = 1e-6,
        TieWordEmbeddings = false,
        MaxPositionEmbeddings = 256,
    };

    public static readonly IReadOnlyList<string> Names = ["tiny", "micro"];

    /// <summary>The single dispatch from preset name to config; throws listing the supported names.</summary>
    public static Qwen2Config ByName(string name, int vocabSize) => name switch
    {
        "tiny" => Tiny(vocabSize),
        "micro" => Micro(vocabSize),
        _ => throw new ArgumentException($"unknown model preset '{name}'; supported: {string.Join(", ", Names)}", nameof(name)),
    };
}
