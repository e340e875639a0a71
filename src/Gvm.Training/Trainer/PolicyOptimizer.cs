using Gvm.Training.Checkpoints;
using Gvm.Training.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gvm.Training.Trainer;

/// <summary>
/// AdamW over the policy's weights, with float32 master weights when the model is held in bf16/fp16 (CUDA).
/// A float32 model is stepped in place. A lower-precision model keeps a float32 copy of every parameter: after
/// backward its gradients are copied up, clipped and stepped there, and the weights are copied back down. Without the
/// copy an AdamW update of about lr = 1e-6 on a weight of 1e-2 (1e-4 relative) is below bf16's resolution (8
/// significant bits, 2^-8 ≈ 4e-3 relative) and is rounded away: the paper grids' runs would not move
/// (mixed-precision training, Micikevicius et al. 2018). One update: <see cref="ZeroGrad"/>, backward,
/// <see cref="ClipGradients"/>, <see cref="Step"/>.
/// </summary>
public sealed class PolicyOptimizer : IDisposable
{
    private readonly (string Name, Parameter Weight)[] _model;
    private readonly Parameter[]? _master;
    private readonly Parameter[] _optimized;
    private readonly Func<IEnumerable<Parameter>, OptimizerHelper> _create;

    private PolicyOptimizer(Qwen2ForCausalLM policy, Func<IEnumerable<Parameter>, OptimizerHelper> create)
    {
        _create = create;
        _model = policy.named_parameters().Select(p => (p.name, p.parameter)).ToArray();
        if (_model.Any(p => p.Weight.dtype != ScalarType.Float32))
        {
            using var noGrad = no_grad();
            _master = _model.Select(p => new Parameter(p.Weight.detach().to_type(ScalarType.Float32), requires_grad: true)).ToArray();
        }
        _optimized = _master ?? _model.Select(p => p.Weight).ToArray();
        Optimizer = create(_optimized);
    }

    /// <summary>AdamW with the given hyper-parameters (moments in float32 whenever master weights are kept).</summary>
    public static PolicyOptimizer AdamW(Qwen2ForCausalLM policy, double lr, double beta1 = 0.9, double beta2 = 0.999, double weightDecay = 0) =>
        new(policy, ps => optim.AdamW(ps, lr, beta1, beta2, weight_decay: weightDecay));

    /// <summary>The underlying optimizer (learning rate per param group, state for checkpoints).</summary>
    public OptimizerHelper Optimizer { get; private set; }

    /// <summary>
    /// Forgets AdamW's state (moments and step counts), as a fresh optimizer would start: the authors relaunch verl for
    /// every EM iteration (runs/scripts/run_em.sh), which is what <c>gvm.reset_each_iteration</c> reproduces. The
    /// learning rate of the param groups is kept.
    /// </summary>
    public void ResetState()
    {
        var lr = Optimizer.ParamGroups.First().LearningRate;
        Optimizer.Dispose();
        Optimizer = _create(_optimized);
        foreach (var group in Optimizer.ParamGroups) group.LearningRate = lr;
    }

    /// <summary>True when the model is in a lower precision and float32 master weights are kept.</summary>
    public bool HasMasterWeights => _master is not null;

    public void ZeroGrad()
    {
        Optimizer.zero_grad();
        if (_master is null) return;
        foreach (var (_, w) in _model) w.grad?.zero_();
    }

    /// <summary>After backward: clips the gradients to <paramref name="maxNorm"/> (0 = off); returns the pre-clip norm.</summary>
    public double ClipGradients(double maxNorm)
    {
        if (_master is not null)
        {
            using var noGrad = no_grad();
            for (var i = 0; i < _master.Length; i++)
            {
                if (_model[i].Weight.grad is not { } g) continue;
                if (_master[i].grad is { } mg) mg.copy_(g);
                else _master[i].grad = g.to_type(ScalarType.Float32);
            }
        }
        return GradientClipping.ClipOrMeasure(_optimized, maxNorm);
    }

    /// <summary>One AdamW step; with master weights, the model then holds them rounded to its dtype.</summary>
    public void Step()
    {
        Optimizer.step();
        if (_master is null) return;
        using var noGrad = no_grad();
        for (var i = 0; i < _master.Length; i++) _model[i].Weight.copy_(_master[i]);
    }

    /// <summary>Writes the weights AdamW owns (the float32 masters, else the model's) in Hugging Face layout.</summary>
    public void SaveWeights(Qwen2ForCausalLM policy, string directory)
    {
        if (_master is null) HfCheckpoint.Save(policy, directory);
        else HfCheckpoint.Save(policy.Config, _model.Select((p, i) => (p.Name, (Tensor)_master[i])).ToList(), directory);
    }

    /// <summary>
    /// After the model's weights were loaded from <paramref name="directory"/> (written by <see cref="SaveWeights"/>):
    /// loads the same float32 values into the masters, so a resumed run continues from the exact weights.
    /// </summary>
    public void LoadMasterWeights(string directory)
    {
        if (_master is null) return;
        var tensors = SafeTensorsFile.ReadAll(Path.Combine(directory, HfCheckpoint.WeightsFile));
        try
        {
            using var noGrad = no_grad();
            for (var i = 0; i < _master.Length; i++)
            {
                var source = tensors.TryGetValue(_model[i].Name, out var t) ? t
                    : throw new CheckpointException($"{directory}: tensor '{_model[i].Name}' is missing from the checkpoint");
                _master[i].copy_(source);
            }
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    public void Dispose()
    {
        Optimizer.Dispose();
        if (_master is not null) foreach (var m in _master) m.Dispose();
    }
}
