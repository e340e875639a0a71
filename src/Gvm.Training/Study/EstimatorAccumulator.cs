using static TorchSharp.torch;

namespace Gvm.Training.Study;

/// <summary>What one draw cost: rollouts (presamples included), presamples, seconds to sample them (GVM: stage 1 with
/// its G_i norms and stage 2) and seconds for the gradient pass (shared by RAFT++ and GRPO, counted for each).</summary>
public readonly record struct DrawCost(int Rollouts, int Presamples, double SampleSeconds, double GradientSeconds);

/// <summary>
/// Running sums over the draws of one estimator on one shard, so draws need not be kept: Σ ĝ_r and Σ ĝ_r/‖ĝ_r‖
/// (float64 [P] on the policy's device, 2 × 8 bytes × P: 12 MB for the tiny preset), Σ‖ĝ_r‖², and per draw the
/// cosine to the reference and the costs. Owns its two tensors (detached from any dispose scope); dispose it.
/// </summary>
public sealed class EstimatorAccumulator : IDisposable
{
    private readonly Tensor _sum;
    private readonly Tensor _sumUnit;

    public EstimatorAccumulator(long parameterCount, Device device)
    {
        _sum = zeros(parameterCount, ScalarType.Float64, device).DetachFromDisposeScope();
        _sumUnit = zeros(parameterCount, ScalarType.Float64, device).DetachFromDisposeScope();
    }

    public int Draws => Cosines.Count;
    public double SumSquaredNorms { get; private set; }
    public List<double> Cosines { get; } = [];
    public List<DrawCost> Costs { get; } = [];
    public List<double> PredictedRatios { get; } = [];

    /// <summary>Adds one draw ĝ [P] (float64) with its cosine to the reference g* (unit vector <paramref name="referenceUnit"/>).</summary>
    public void Add(Tensor gradient, Tensor referenceUnit, DrawCost cost, double predictedRatio)
    {
        using var scope = NewDisposeScope();
        var squared = gradient.dot(gradient).item<double>(); // sync point: two scalars per draw
        var norm = Math.Sqrt(squared);
        var cosine = norm > 0 ? gradient.dot(referenceUnit).item<double>() / norm : 0;
        _sum.add_(gradient);
        if (norm > 0) _sumUnit.add_(gradient, alpha: 1 / norm);
        SumSquaredNorms += squared;
        Cosines.Add(cosine);
        Costs.Add(cost);
        PredictedRatios.Add(predictedRatio);
    }

    /// <summary>‖Σ ĝ_r‖², ‖Σ ĝ_r/‖ĝ_r‖‖², and cos(mean ĝ, g*).</summary>
    public (double SquaredNormOfSum, double SquaredNormOfUnitSum, double MeanCosine) Summary(Tensor referenceUnit)
    {
        using var scope = NewDisposeScope();
        var sq = _sum.dot(_sum).item<double>();
        var unit = _sumUnit.dot(_sumUnit).item<double>();
        var cos = sq > 0 ? _sum.dot(referenceUnit).item<double>() / Math.Sqrt(sq) : 0;
        return (sq, unit, cos);
    }

    public void Dispose()
    {
        _sum.Dispose();
        _sumUnit.Dispose();
    }
}
