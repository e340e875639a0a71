using Gvm.Training.Checkpoints;
using Gvm.Training.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gvm.Training.Optim;

/// <summary>
/// AdamW over the policy's weights, with float32 master weights when the model is held in bf16/fp16 (CUDA).
/// A float32 model is stepped in place. A lower-precision model keeps a float32 copy of every parameter: after
/// backward its gradients are copied up, clipped and stepped there, and the weights are copied back down. Without the
/// copy an AdamW update of about lr = 1e-6 on a weight of 1e-2 (1e-4 relative) is below bf16's resolution (8
/// significant bits, 2^-8 ≈ 4e-3 relative) and is rounded away: the paper grids' runs would not move
/// (mixed-precision training, Micikevicius et al. 2018). One update: <see cref="ZeroGrad"/>, backward,
/// <see cref="ClipGradients"/>, <see cref="Step"/>.
/// </summary>
/// <remarks>
/// The AdamW update is written out here (torch.optim.AdamW's maths, decoupled weight decay, bias-corrected moments)
/// rather than calling TorchSharp's <c>optim.AdamW.step()</c>: TorchSharp turns each double argument of a tensor op into
/// a temporary <see cref="Scalar"/> that the garbage collector may finalise while the native op still reads it (no
/// keep-alive across the call), which crashed long runs at random ("toFloat Expected false to be true"). Every scalar
/// below is held in a <c>using</c> variable until its op has returned. <see cref="PolicyOptimizerTests"/> checks the
/// update against TorchSharp's AdamW.
/// </remarks>
public sealed class PolicyOptimizer : IDisposable
{
    /// <summary>First line of the metadata of the optimizer state file (a safetensors file).</summary>
    public const string StateFormat = "gvm-adamw-1";

    private readonly (string Name, Parameter Weight)[] _model;
    private readonly Parameter[]? _master;
    private readonly Parameter[] _optimized;
    private readonly double _beta1, _beta2, _weightDecay, _eps;
    private Tensor?[] _expAvg;
    private Tensor?[] _expAvgSq;
    private long _step;

    private PolicyOptimizer(Qwen2ForCausalLM policy, double lr, double beta1, double beta2, double weightDecay, double eps)
    {
        LearningRate = lr;
        (_beta1, _beta2, _weightDecay, _eps) = (beta1, beta2, weightDecay, eps);
        _model = policy.named_parameters().Select(p => (p.name, p.parameter)).ToArray();
        if (_model.Any(p => p.Weight.dtype != ScalarType.Float32))
        {
            using var noGrad = no_grad();
            _master = _model.Select(p => new Parameter(p.Weight.detach().to_type(ScalarType.Float32), requires_grad: true)).ToArray();
        }
        _optimized = _master ?? _model.Select(p => p.Weight).ToArray();
        _expAvg = new Tensor?[_optimized.Length];
        _expAvgSq = new Tensor?[_optimized.Length];
    }

    /// <summary>AdamW with the given hyper-parameters (moments in float32 whenever master weights are kept).</summary>
    public static PolicyOptimizer AdamW(Qwen2ForCausalLM policy, double lr, double beta1 = 0.9, double beta2 = 0.999, double weightDecay = 0,
        double eps = 1e-8) => new(policy, lr, beta1, beta2, weightDecay, eps);

    /// <summary>The learning rate of the next <see cref="Step"/>.</summary>
    public double LearningRate { get; set; }

    /// <summary>Updates made since the start (or the last <see cref="ResetState"/>): AdamW's bias-correction step t.</summary>
    public long Steps => _step;

    /// <summary>
    /// Forgets AdamW's state (moments and step counts), as a fresh optimizer would start: the authors relaunch verl for
    /// every EM iteration (runs/scripts/run_em.sh), which is what <c>gvm.reset_each_iteration</c> reproduces. The
    /// learning rate is kept.
    /// </summary>
    public void ResetState()
    {
        DisposeMoments();
        _step = 0;
    }

    /// <summary>True when the model is in a lower precision and float32 master weights are kept.</summary>
    public bool HasMasterWeights => _master is not null;

    public void ZeroGrad()
    {
        foreach (var p in _optimized) p.grad?.zero_();
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
        using var noGrad = no_grad();
        _step++;
        var biasCorrection1 = 1 - Math.Pow(_beta1, _step);
        var biasCorrection2 = 1 - Math.Pow(_beta2, _step);
        using var decay = (1 - LearningRate * _weightDecay).ToScalar();
        using var beta1 = _beta1.ToScalar();
        using var oneMinusBeta1 = (1 - _beta1).ToScalar();
        using var beta2 = _beta2.ToScalar();
        using var oneMinusBeta2 = (1 - _beta2).ToScalar();
        using var sqrtBc2 = Math.Sqrt(biasCorrection2).ToScalar();
        using var eps = _eps.ToScalar();
        using var stepSize = (-LearningRate / biasCorrection1).ToScalar();
        for (var i = 0; i < _optimized.Length; i++)
        {
            var param = _optimized[i];
            if (param.grad is not { } grad) continue;
            using var scope = NewDisposeScope();
            var expAvg = _expAvg[i] ??= zeros_like(param).DetachFromDisposeScope();
            var expAvgSq = _expAvgSq[i] ??= zeros_like(param).DetachFromDisposeScope();
            param.mul_(decay);                                          // decoupled weight decay: θ ← θ(1 − lr·λ)
            expAvg.mul_(beta1).add_(grad, oneMinusBeta1);               // m ← β1·m + (1 − β1)·g
            expAvgSq.mul_(beta2).addcmul_(grad, grad, oneMinusBeta2);   // v ← β2·v + (1 − β2)·g²
            var denom = expAvgSq.sqrt().div_(sqrtBc2).add_(eps, Scalars.OneInt);      // √(v / (1 − β2^t)) + ε
            param.addcdiv_(expAvg, denom, stepSize);                    // θ ← θ − lr/(1 − β1^t) · m / denom
        }
        if (_master is null) return;
        for (var i = 0; i < _master.Length; i++) _model[i].Weight.copy_(_master[i]);
    }

    /// <summary>Writes AdamW's state (step t, both moments per parameter, float32) as a safetensors file.</summary>
    public void SaveState(string path)
    {
        var tensors = new List<(string, Tensor)>();
        using var scope = NewDisposeScope();
        for (var i = 0; i < _optimized.Length; i++)
        {
            tensors.Add(($"exp_avg.{_model[i].Name}", _expAvg[i] ?? zeros_like(_optimized[i])));
            tensors.Add(($"exp_avg_sq.{_model[i].Name}", _expAvgSq[i] ?? zeros_like(_optimized[i])));
        }
        SafeTensorsFile.Write(path, tensors, SafeTensorDtype.F32, new Dictionary<string, string>
        {
            ["format"] = StateFormat, ["step"] = _step.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    /// <summary>Reads what <see cref="SaveState"/> wrote; a file of another format or with a missing tensor is a <see cref="CheckpointException"/>.</summary>
    public void LoadState(string path)
    {
        var (_, metadata, _) = SafeTensorsFile.ReadHeader(path);
        if (!metadata.TryGetValue("format", out var format) || format != StateFormat
            || !metadata.TryGetValue("step", out var stepText) || !long.TryParse(stepText, System.Globalization.CultureInfo.InvariantCulture, out var step) || step < 0)
            throw new CheckpointException($"{path}: not an optimizer state of this version (metadata format '{StateFormat}' and a step count expected)");
        var tensors = SafeTensorsFile.ReadAll(path);
        try
        {
            using var noGrad = no_grad();
            var expAvg = new Tensor?[_optimized.Length];
            var expAvgSq = new Tensor?[_optimized.Length];
            for (var i = 0; i < _optimized.Length; i++)
            {
                expAvg[i] = Moment(tensors, $"exp_avg.{_model[i].Name}", _optimized[i], path);
                expAvgSq[i] = Moment(tensors, $"exp_avg_sq.{_model[i].Name}", _optimized[i], path);
            }
            DisposeMoments();
            (_expAvg, _expAvgSq, _step) = (expAvg, expAvgSq, step);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    private static Tensor Moment(Dictionary<string, Tensor> tensors, string name, Parameter like, string path)
    {
        if (!tensors.TryGetValue(name, out var t)) throw new CheckpointException($"{path}: tensor '{name}' is missing");
        if (!t.shape.SequenceEqual(like.shape))
            throw new CheckpointException($"{path}: tensor '{name}' has shape [{string.Join(",", t.shape)}], the model's is [{string.Join(",", like.shape)}]");
        return t.to(like.dtype, like.device).clone();
    }

    private void DisposeMoments()
    {
        for (var i = 0; i < _expAvg.Length; i++)
        {
            _expAvg[i]?.Dispose();
            _expAvgSq[i]?.Dispose();
            _expAvg[i] = _expAvgSq[i] = null;
        }
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
        DisposeMoments();
        if (_master is not null) foreach (var m in _master) m.Dispose();
    }
}
