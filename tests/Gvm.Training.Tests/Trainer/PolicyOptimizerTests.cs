using Gvm.Training.Checkpoints;
using Gvm.Training.Devices;
using Gvm.Training.Model;
using Gvm.Training.Tests.Model;
using Gvm.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;

namespace Gvm.Training.Tests.Trainer;

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
}
