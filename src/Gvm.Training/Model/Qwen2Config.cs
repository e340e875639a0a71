using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gvm.Training.Model;

/// <summary>
/// Architecture of a Qwen2 decoder. Property names are those of Hugging Face <c>config.json</c> for
/// <c>Qwen2ForCausalLM</c>, so a real Qwen2.5(-Math) config loads unchanged (unknown fields are ignored).
/// </summary>
public sealed record Qwen2Config
{
    [JsonPropertyName("vocab_size")] public int VocabSize { get; init; } = 151936;
    [JsonPropertyName("hidden_size")] public int HiddenSize { get; init; } = 896;
    [JsonPropertyName("intermediate_size")] public int IntermediateSize { get; init; } = 4864;
    [JsonPropertyName("num_hidden_layers")] public int NumHiddenLayers { get; init; } = 24;
    [JsonPropertyName("num_attention_heads")] public int NumAttentionHeads { get; init; } = 14;
    [JsonPropertyName("num_key_value_heads")] public int NumKeyValueHeads { get; init; } = 2;
    [JsonPropertyName("rope_theta")] public double RopeTheta { get; init; } = 1_000_000.0;
    [JsonPropertyName("rms_norm_eps")] public double RmsNormEps { get; init; } = 1e-6;
    [JsonPropertyName("tie_word_embeddings")] public bool TieWordEmbeddings { get; init; } = true;
    [JsonPropertyName("max_position_embeddings")] public int MaxPositionEmbeddings { get; init; } = 32768;
    [JsonPropertyName("initializer_range")] public double InitializerRange { get; init; } = 0.02;
    [JsonPropertyName("hidden_act")] public string HiddenAct { get; init; } = "silu";
    [JsonPropertyName("bos_token_id")] public int? BosTokenId { get; init; }
    [JsonPropertyName("eos_token_id")] public int? EosTokenId { get; init; }
    [JsonPropertyName("model_type")] public string ModelType { get; init; } = "qwen2";
    [JsonPropertyName("architectures")] public IReadOnlyList<string> Architectures { get; init; } = ["Qwen2ForCausalLM"];
    [JsonPropertyName("torch_dtype")] public string TorchDtype { get; init; } = "float32";

    /// <summary>Per-head width: hidden_size / num_attention_heads (Qwen2 has no separate head_dim field).</summary>
    [JsonIgnore] public int HeadDim => HiddenSize / NumAttentionHeads;

    /// <summary>Query heads that share one key/value head (grouped-query attention).</summary>
    [JsonIgnore] public int KeyValueGroups => NumAttentionHeads / NumKeyValueHeads;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent field.</summary>
    public Qwen2Config Validate()
    {
        static void Positive(int v, string name)
        {
            if (v <= 0) throw new ArgumentException($"{name} must be > 0 (got {v})", name);
        }
        Positive(VocabSize, "vocab_size");
        Positive(HiddenSize, "hidden_size");
        Positive(IntermediateSize, "intermediate_size");
        Positive(NumHiddenLayers, "num_hidden_layers");
        Positive(NumAttentionHeads, "num_attention_heads");
        Positive(NumKeyValueHeads, "num_key_value_heads");
        Positive(MaxPositionEmbeddings, "max_position_embeddings");
        if (HiddenSize % NumAttentionHeads != 0)
            throw new ArgumentException($"hidden_size {HiddenSize} is not divisible by num_attention_heads {NumAttentionHeads}", "hidden_size");
        if (NumAttentionHeads % NumKeyValueHeads != 0)
            throw new ArgumentException($"num_attention_heads {NumAttentionHeads} is not divisible by num_key_value_heads {NumKeyValueHeads}", "num_key_value_heads");
        if (HeadDim % 2 != 0)
            throw new ArgumentException($"head dim {HeadDim} must be even for rotary embeddings", "hidden_size");
        if (RopeTheta <= 0) throw new ArgumentException($"rope_theta must be > 0 (got {RopeTheta})", "rope_theta");
        if (RmsNormEps <= 0) throw new ArgumentException($"rms_norm_eps must be > 0 (got {RmsNormEps})", "rms_norm_eps");
        if (HiddenAct != "silu") throw new ArgumentException($"hidden_act '{HiddenAct}' is not supported; supported: silu", "hidden_act");
        return this;
    }

    /// <summary>Parameter count (embedding counted once when tied).</summary>
    [JsonIgnore]
    public long ParameterCount
    {
        get
        {
            long h = HiddenSize, kv = (long)NumKeyValueHeads * HeadDim;
            long attn = h * h + h + 2 * (h * kv + kv) + h * h;
            long mlp = 3 * h * IntermediateSize;
            long layer = attn + mlp + 2 * h;
            long embed = (long)VocabSize * h;
            return embed + NumHiddenLayers * layer + h + (TieWordEmbeddings ? 0 : embed);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Parses HF <c>config.json</c> text; <paramref name="source"/> names the file in errors.</summary>
    public static Qwen2Config FromJson(string json, string source = "config.json")
    {
        Qwen2Config? config;
        try
        {
            config = JsonSerializer.Deserialize<Qwen2Config>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: line {e.LineNumber + 1}: {e.Path}: {e.Message}", e);
        }
        if (config is null) throw new InvalidDataException($"{source}: empty config");
        try
        {
            return config.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{source}: {e.ParamName}: {e.Message}", e);
        }
    }

    public static Qwen2Config Load(string path) => FromJson(File.ReadAllText(path), path);

    public void Save(string path) => Gvm.Core.IO.AtomicFile.WriteAllText(path, ToJson());
}
