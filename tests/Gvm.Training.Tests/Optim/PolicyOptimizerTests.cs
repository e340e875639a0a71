using Gvm.Training.Checkpoints;
using Gvm.Training.Devices;
using Gvm.Training.Model;
using Gvm.Training.Optim;
using Gvm.Training.Tests.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Gvm.Training.Tests.Optim;

/// <summary>Float32 master weights for bf16 models: small AdamW updates (the paper's lr 1e-6) must not be rounded away.</summary>
public sealed class PolicyOptimizerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gvm-policy-opt-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Share of float32 weights (as written by SaveWeights) that differ from the initial ones after 20 updates.</summary>
    private double ShareMoved(bool masterWeights)
    {
        using var model = TestModels.Micro(seed: 3);
        new ComputeDevice(CPU, ScalarType.BFloat16).Place(model);
        var initial = Path.Combine(_root, masterWeights ? "initial-master" : "initial-plain");
        HfCheckpoint.Save(model, initial); // the bf16 values, exactly
        using var optimizer = masterWeights
            ? PolicyOptimizer.AdamW(model, lr: 1e-6)
            : null;
        using var plain = masterWeights ? null : optim.AdamW(model.parameters(), lr: 1e-6);
        Assert.Equal(masterWeights, optimizer?.HasMasterWeights ?? false);
        var ids = tensor(new long[] { 1, 2, 3, 4, 5, 6, 7, 8 }).reshape(1, 8);
        for (var i = 0; i < 20; i++)
        {
            using var scope = NewDisposeScope();
            if (optimizer is not null) optimizer.ZeroGrad(); else plain!.zero_grad();
            var loss = model.Forward(ids, ones_like(ids)).to_type(ScalarType.Float32).pow(2).mean();
            loss.backward();
            if (optimizer is not null)
            {
                optimizer.ClipGradients(0);
                optimizer.Step();
            }
            else plain!.step();
        }
        var after = Path.Combine(_root, masterWeights ? "master" : "plain");
        if (optimizer is not null) optimizer.SaveWeights(model, after);
        else HfCheckpoint.Save(model, after);
        var a = SafeTensorsFile.ReadAll(Path.Combine(initial, HfCheckpoint.WeightsFile));
        var b = SafeTensorsFile.ReadAll(Path.Combine(after, HfCheckpoint.WeightsFile));
        long moved = 0, total = 0;
        foreach (var (name, t) in a)
        {
            moved += t.ne(b[name]).sum().item<long>();
            total += t.numel();
        }
        return (double)moved / total;
    }

    [Fact]
    public void Bf16_weights_keep_float32_masters_so_1e_6_updates_accumulate()
    {
        var withMasters = ShareMoved(masterWeights: true);
        var without = ShareMoved(masterWeights: false);
        Assert.True(withMasters > 0.9, $"master weights moved: {withMasters:P1}");
        Assert.True(without < 0.5 * withMasters, $"plain bf16 AdamW moved {without:P1} of the weights, masters {withMasters:P1}");
    }

    [Fact]
    public void A_float32_model_is_stepped_in_place_without_a_copy()
    {
        using var model = TestModels.Micro();
        using var optimizer = PolicyOptimizer.AdamW(model, lr: 1e-3);
        Assert.False(optimizer.HasMasterWeights);
    }

    /// <summary>Runs <paramref name="updates"/> AdamW updates with clipping on a float32 micro model; returns its weights.</summary>
    private static Dictionary<string, float[]> Train(bool ours, int updates, double clip)
    {
        using var model = TestModels.Micro(seed: 5);
        using var optimizer = ours ? PolicyOptimizer.AdamW(model, lr: 3e-3, beta1: 0.9, beta2: 0.99, weightDecay: 0.1) : null;
        using var reference = ours ? null : optim.AdamW(model.parameters(), lr: 3e-3, beta1: 0.9, beta2: 0.99, weight_decay: 0.1);
        var ids = tensor(new long[] { 1, 2, 3, 4, 5, 6, 7, 8 }).reshape(1, 8);
        for (var i = 0; i < updates; i++)
        {
            using var scope = NewDisposeScope();
            if (ours) optimizer!.ZeroGrad(); else reference!.zero_grad();
            var loss = model.Forward(ids, ones_like(ids)).pow(2).mean() * (i + 1); // growing gradients: clipping kicks in
            loss.backward();
            if (ours)
            {
                optimizer!.ClipGradients(clip);
                optimizer.Step();
            }
            else
            {
                nn.utils.clip_grad_norm_(model.parameters(), clip);
                reference!.step();
            }
        }
        return model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().data<float>().ToArray());
    }

    [Fact]
    public void The_written_out_update_matches_TorchSharps_AdamW_and_clip_grad_norm()
    {
        var ours = Train(ours: true, updates: 12, clip: 0.05);
        var theirs = Train(ours: false, updates: 12, clip: 0.05);
        Assert.Equal(theirs.Keys.Order(), ours.Keys.Order());
        var worst = 0.0;
        foreach (var (name, w) in theirs)
            for (var i = 0; i < w.Length; i++) worst = Math.Max(worst, Math.Abs(w[i] - ours[name][i]));
        // Same maths; only the norm's summation order differs (float64 here, float32 norms of norms in TorchSharp).
        Assert.True(worst < 1e-5, $"largest weight difference {worst:E2}");
        var untrained = Train(ours: true, updates: 0, clip: 0.05);
        var moved = untrained.Sum(kv => kv.Value.Zip(ours[kv.Key]).Count(p => p.First != p.Second));
        Assert.True(moved > untrained.Sum(kv => kv.Value.Length) / 2, $"only {moved} weights moved");
    }

    [Fact]
    public void Saved_state_resumes_to_the_same_weights_as_an_uninterrupted_run()
    {
        using var straight = TestModels.Micro(seed: 6);
        using var first = TestModels.Micro(seed: 6);
        var ids = tensor(new long[] { 3, 1, 4, 1, 5, 9, 2, 6 }).reshape(1, 8);
        void Update(Qwen2ForCausalLM m, PolicyOptimizer o)
        {
            using var scope = NewDisposeScope();
            o.ZeroGrad();
            m.Forward(ids, ones_like(ids)).pow(2).mean().backward();
            o.ClipGradients(1.0);
            o.Step();
        }
        using (var o = PolicyOptimizer.AdamW(straight, lr: 1e-2, weightDecay: 0.01))
            for (var i = 0; i < 5; i++) Update(straight, o);
        var path = Path.Combine(_root, "optimizer.safetensors");
        using (var o = PolicyOptimizer.AdamW(first, lr: 1e-2, weightDecay: 0.01))
        {
            for (var i = 0; i < 3; i++) Update(first, o);
            o.SaveState(path);
        }
        using (var o = PolicyOptimizer.AdamW(first, lr: 1e-2, weightDecay: 0.01))
        {
            o.LoadState(path);
            Assert.Equal(3, o.Steps);
            for (var i = 0; i < 2; i++) Update(first, o);
        }
        foreach (var ((name, a), (_, b)) in straight.named_parameters().Zip(first.named_parameters()))
            Assert.True(a.eq(b).all().item<bool>(), $"{name} differs after the resume");
    }

    [Fact]
    public void A_state_file_of_another_kind_is_a_checkpoint_error()
    {
        using var model = TestModels.Micro();
        using var o = PolicyOptimizer.AdamW(model, lr: 1e-3);
        var path = Path.Combine(_root, "other.safetensors");
        SafeTensorsFile.Write(path, [("x", zeros(2))], SafeTensorDtype.F32);
        var e = Assert.Throws<CheckpointException>(() => o.LoadState(path));
        Assert.Contains("not an optimizer state", e.Message);
    }
}
