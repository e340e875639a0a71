using Gvm.Training.Model;
using static TorchSharp.torch;

namespace Gvm.Training.Tests.Model;

public class Qwen2ForCausalLMTests
{
    [Fact]
    public void Parameter_names_are_transformers_names()
    {
        using var lm = Qwen2ForCausalLM.Create(Qwen2Presets.Micro() with { NumHiddenLayers = 1 });
        var names = lm.named_parameters().Select(p => p.name).ToHashSet();
        string[] expected =
        [
            "model.embed_tokens.weight", "model.norm.weight", "lm_head.weight",
            "model.layers.0.input_layernorm.weight", "model.layers.0.post_attention_layernorm.weight",
            "model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.q_proj.bias",
            "model.layers.0.self_attn.k_proj.weight", "model.layers.0.self_attn.k_proj.bias",
            "model.layers.0.self_attn.v_proj.weight", "model.layers.0.self_attn.v_proj.bias",
            "model.layers.0.self_attn.o_proj.weight",
            "model.layers.0.mlp.gate_proj.weight", "model.layers.0.mlp.up_proj.weight", "model.layers.0.mlp.down_proj.weight",
        ];
        Assert.Equal(expected.OrderBy(n => n), names.OrderBy(n => n));
        Assert.Equal(lm.Config.ParameterCount, lm.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Tied_model_has_no_lm_head_and_tiny_preset_is_about_0_8M_parameters()
    {
        var config = Qwen2Presets.Tiny(24);
        using var lm = Qwen2ForCausalLM.Create(config);
        Assert.DoesNotContain(lm.named_parameters(), p => p.name == "lm_head.weight");
        Assert.InRange(config.ParameterCount, 700_000, 900_000);
    }

    [Fact]
    public void Left_padding_does_not_change_the_logits_of_real_tokens()
    {
        using var scope = NewDisposeScope();
        using var lm = Qwen2ForCausalLM.Create(Qwen2Presets.Micro(), seed: 3);
        using var noGrad = no_grad();
        var plain = lm.Forward(tensor(new long[] { 5, 6, 7 }).reshape(1, 3));                 // [1, 3, V]
        var padded = lm.Forward(tensor(new long[] { 0, 0, 5, 6, 7 }).reshape(1, 5),
                                tensor(new long[] { 0, 0, 1, 1, 1 }).reshape(1, 5));          // [1, 5, V]
        Assert.Equal([1L, 5, 16], padded.shape);
        Assert.True(padded.narrow(1, 2, 3).allclose(plain, rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void Config_json_round_trips_with_hugging_face_names_and_ignores_unknown_fields()
    {
        var config = Qwen2Presets.Tiny(24);
        var json = config.ToJson();
        Assert.Contains("\"num_key_value_heads\": 2", json);
        Assert.Contains("\"rope_theta\": 10000", json);
        Assert.Equal(config.ToJson(), Qwen2Config.FromJson(json).ToJson());
        var hf = """{"vocab_size": 10, "hidden_size": 8, "intermediate_size": 16, "num_hidden_layers": 1, "num_attention_heads": 2, "num_key_value_heads": 1, "use_sliding_window": false}""";
        Assert.Equal(4, Qwen2Config.FromJson(hf).HeadDim);
        var bad = Assert.Throws<InvalidDataException>(() => Qwen2Config.FromJson("""{"hidden_size": 10, "num_attention_heads": 3}""", "x/config.json"));
        Assert.Contains("x/config.json", bad.Message);
        Assert.Contains("hidden_size", bad.Message);
    }
}
