using System.Buffers.Binary;
using System.Text.Json;
using Gvm.Training.Checkpoints;
using Gvm.Training.Model;
using Gvm.Training.Tests.Model;
using static TorchSharp.torch;

namespace Gvm.Training.Tests.Checkpoints;

public sealed class HfCheckpointTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "gvm-ckpt-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    private static Tensor Logits(Qwen2ForCausalLM lm)
    {
        using var noGrad = no_grad();
        return lm.Forward(tensor(new long[] { 0, 1, 2, 3, 0, 5, 6, 7 }, [2, 4]), tensor(new long[] { 0, 1, 1, 1, 1, 1, 1, 1 }, [2, 4]));
    }

    [Fact]
    public void Save_then_load_reproduces_logits_exactly_and_leaves_no_temp_files()
    {
        using var scope = NewDisposeScope();
        using var lm = TestModels.Micro(seed: 4);
        HfCheckpoint.Save(lm, dir);
        using var loaded = HfCheckpoint.Load(dir);
        Assert.True(Logits(lm).allclose(Logits(loaded), rtol: 0, atol: 0));
        Assert.Equal(lm.Config.ToJson(), loaded.Config.ToJson());
        Assert.Equal(new[] { "config.json", "model.safetensors" }, Directory.GetFiles(dir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Tied_tiny_model_round_trips_without_an_lm_head_tensor()
    {
        using var scope = NewDisposeScope();
        using var lm = Qwen2ForCausalLM.Create(Qwen2Presets.Tiny(24), seed: 2);
        HfCheckpoint.Save(lm, dir);
        Assert.DoesNotContain("lm_head.weight", SafeTensorsFile.ReadHeader(Path.Combine(dir, "model.safetensors")).Entries.Keys);
        using var loaded = HfCheckpoint.Load(dir);
        Assert.True(Logits(lm).allclose(Logits(loaded), rtol: 0, atol: 0));
    }

    [Theory]
    [InlineData(SafeTensorDtype.BF16, ScalarType.BFloat16, "bfloat16")]
    [InlineData(SafeTensorDtype.F16, ScalarType.Float16, "float16")]
    public void Half_precision_checkpoints_store_rounded_values(SafeTensorDtype dtype, ScalarType scalar, string torchDtype)
    {
        using var scope = NewDisposeScope();
        using var lm = TestModels.Micro(seed: 4);
        HfCheckpoint.Save(lm, dir, dtype);
        var stored = SafeTensorsFile.ReadAll(Path.Combine(dir, "model.safetensors"));
        var q = stored["model.layers.1.self_attn.q_proj.weight"];
        Assert.Equal(scalar, q.dtype);
        using var loaded = HfCheckpoint.Load(dir);
        var original = lm.named_parameters().Single(p => p.name == "model.layers.1.self_attn.q_proj.weight").parameter;
        var reloaded = loaded.named_parameters().Single(p => p.name == "model.layers.1.self_attn.q_proj.weight").parameter;
        Assert.True(reloaded.allclose(original.to_type(scalar).to_type(ScalarType.Float32), rtol: 0, atol: 0));
        Assert.Contains($"\"torch_dtype\": \"{torchDtype}\"", File.ReadAllText(Path.Combine(dir, "config.json")));
    }

    [Fact]
    public void File_layout_is_length_prefixed_aligned_json_then_data()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(Directory.CreateDirectory(dir).FullName, "x.safetensors");
        SafeTensorsFile.Write(path, [("a", tensor(new float[] { 1, 2, 3 })), ("b", tensor(new float[] { 4, 5 }, [1, 2]))], SafeTensorDtype.F32);
        var bytes = File.ReadAllBytes(path);
        var n = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        Assert.Equal(0, n % 8);
        Assert.Equal(8 + n + 20, bytes.Length);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)n));
        Assert.Equal("F32", header.RootElement.GetProperty("b").GetProperty("dtype").GetString());
        Assert.Equal("[12,20]", header.RootElement.GetProperty("b").GetProperty("data_offsets").GetRawText());
        Assert.Equal(4f, BitConverter.ToSingle(bytes, (int)(8 + n + 12)));
    }

    [Fact]
    public void Sharded_checkpoint_with_index_loads()
    {
        using var scope = NewDisposeScope();
        using var lm = TestModels.Micro(seed: 6);
        HfCheckpoint.Save(lm, dir);
        File.Delete(Path.Combine(dir, "model.safetensors"));
        var all = lm.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).ToList();
        var shards = new[] { all.Take(all.Count / 2).ToList(), all.Skip(all.Count / 2).ToList() };
        var weightMap = new Dictionary<string, string>();
        for (var i = 0; i < 2; i++)
        {
            var file = $"model-{i + 1:D5}-of-00002.safetensors";
            SafeTensorsFile.Write(Path.Combine(dir, file), shards[i], SafeTensorDtype.F32);
            foreach (var (name, _) in shards[i]) weightMap[name] = file;
        }
        File.WriteAllText(Path.Combine(dir, "model.safetensors.index.json"), JsonSerializer.Serialize(new { metadata = new { total_size = 0 }, weight_map = weightMap }));
        using var loaded = HfCheckpoint.Load(dir);
        Assert.True(Logits(lm).allclose(Logits(loaded), rtol: 0, atol: 0));
    }

    [Fact]
    public void Mis_shaped_tensor_error_names_the_tensor_and_both_shapes()
    {
        using var scope = NewDisposeScope();
        using var lm = TestModels.Micro();
        using var wider = Qwen2ForCausalLM.Create(lm.Config with { IntermediateSize = 48 });
        HfCheckpoint.Save(wider, dir);
        var e = Assert.Throws<CheckpointException>(() => HfCheckpoint.LoadWeights(lm, dir));
        Assert.Contains("model.layers.0.mlp.gate_proj.weight", e.Message);
        Assert.Contains("[48, 32]", e.Message);
        Assert.Contains("[64, 32]", e.Message);
    }

    [Fact]
    public void Missing_tensor_error_names_the_tensor()
    {
        using var scope = NewDisposeScope();
        using var lm = TestModels.Micro();
        Directory.CreateDirectory(dir);
        var some = lm.named_parameters().Where(p => p.name != "model.norm.weight").Select(p => (p.name, (Tensor)p.parameter)).ToList();
        SafeTensorsFile.Write(Path.Combine(dir, "model.safetensors"), some, SafeTensorDtype.F32);
        var e = Assert.Throws<CheckpointException>(() => HfCheckpoint.LoadWeights(lm, dir));
        Assert.Contains("'model.norm.weight' is missing", e.Message);
        Assert.Contains("[32]", e.Message);
    }
}
