using System.Globalization;
using System.Text;
using Gvm.Core.Runs;

namespace Gvm.Training.Study;

/// <summary>One estimator's comparison with GVM, pooled over shards.</summary>
/// <param name="CosineDifference">GVM minus the other, mean over shards with a Welch t-interval over the draws.</param>
/// <param name="VarianceRatio">rel_variance(other)/rel_variance(GVM), geometric mean over shards with a t-interval on the logs.</param>
/// <param name="ShardsLower">Shards where GVM's relative variance is the lower one.</param>
public sealed record StudyComparison(string Algorithm, string Against, Interval CosineDifference, Interval VarianceRatio, int ShardsLower,
    int Shards, double GvmCosine, double OtherCosine, double GvmMeanGradientCosine, double OtherMeanGradientCosine, double PredictedRatio,
    double ZeroAllocPrompts);

/// <summary>The paragraph of study.md that answers the question from the numbers (pure).</summary>
public static class StudyVerdict
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>GVM against uniform (equal stage-2 budget) and against uniform_equal_rollouts, per algorithm.</summary>
    public static IReadOnlyList<StudyComparison> Compare(StudyResult result)
    {
        var list = new List<StudyComparison>();
        foreach (var algorithm in StudyEstimators.Algorithms.Select(a => a.ToName()))
        {
            foreach (var against in new[] { StudyAllocation.Uniform, StudyAllocation.UniformEqualRollouts }.Select(a => a.ToName()))
            {
                var gvm = Rows(result, algorithm, StudyAllocation.Gvm.ToName());
                var other = Rows(result, algorithm, against);
                if (gvm.Length == 0 || gvm.Length != other.Length) continue;
                var cosGvm = result.CosinesByEstimator[StudyResult.Key(algorithm, StudyAllocation.Gvm.ToName())];
                var cosOther = result.CosinesByEstimator[StudyResult.Key(algorithm, against)];
                list.Add(new StudyComparison(algorithm, against,
                    StudyStatistics.PairedDifference(cosGvm, cosOther),
                    StudyStatistics.GeometricMean(gvm.Zip(other, (g, o) => o.RelVariance / g.RelVariance).ToArray()),
                    gvm.Zip(other).Count(p => p.First.RelVariance < p.Second.RelVariance), gvm.Length,
                    gvm.Average(r => r.CosineMean), other.Average(r => r.CosineMean),
                    gvm.Average(r => r.MeanGradientCosine), other.Average(r => r.MeanGradientCosine),
                    gvm.Average(r => r.PredictedVarianceRatio) / other.Average(r => r.PredictedVarianceRatio),
                    gvm.Average(r => r.ZeroAllocPrompts)));
            }
        }
        return list;
    }

    public static string Write(StudyResult result)
    {
        var sb = new StringBuilder();
        var rho = result.References.Select(r => r.SplitHalfCosine).ToArray();
        if (result.References.Any(r => !(r.Norm > 0)))
        {
            sb.Append("**No verdict:** in ").Append(result.References.Count(r => !(r.Norm > 0)))
              .Append(" shard(s) every reference sample got the same reward, so the reference gradient is zero and no cosine means anything. ");
        }
        var comparisons = Compare(result);
        foreach (var c in comparisons.Where(c => c.Against == StudyAllocation.Uniform.ToName()))
        {
            var display = AlgorithmNames.Parse(c.Algorithm).ToDisplay();
            var equal = comparisons.FirstOrDefault(e => e.Algorithm == c.Algorithm && e.Against == StudyAllocation.UniformEqualRollouts.ToName());
            sb.Append("**").Append(display).Append(".** At equal stage-2 budget, GVM ").Append(CosineVerb(c.CosineDifference))
              .Append(" the cosine to g* (").Append(F(c.GvmCosine)).Append(" vs ").Append(F(c.OtherCosine)).Append(" uniform; GVM − uniform ")
              .Append(FI(c.CosineDifference)).Append(") and ").Append(VarianceVerb(c.VarianceRatio, c.ShardsLower, c.Shards))
              .Append(" the relative variance (lower in ").Append(c.ShardsLower).Append(" of ").Append(c.Shards)
              .Append(" shards; uniform/GVM ratio ").Append(FI(c.VarianceRatio)).Append(" against ").Append(F(c.PredictedRatio))
              .Append(" predicted by the paper's proxy). ");
            if (equal is not null)
            {
                sb.Append("Against uniform sampling with the same total rollouts (n + N' per prompt), GVM ")
                  .Append(CosineVerb(equal.CosineDifference)).Append(" the cosine (").Append(F(equal.GvmCosine)).Append(" vs ")
                  .Append(F(equal.OtherCosine)).Append("; difference ").Append(FI(equal.CosineDifference)).Append(") and ")
                  .Append(VarianceVerb(equal.VarianceRatio, equal.ShardsLower, equal.Shards)).Append(" the relative variance (ratio ")
                  .Append(FI(equal.VarianceRatio)).Append(" against ").Append(F(equal.PredictedRatio)).Append(" predicted). ");
            }
            sb.Append("The mean GVM gradient points at cosine ").Append(F(c.GvmMeanGradientCosine)).Append(" to g* against ")
              .Append(F(c.OtherMeanGradientCosine)).Append(" for uniform: the token-mean loss weighs prompt i by its n_i, so GVM also moves the target, and ")
              .Append(c.ZeroAllocPrompts.ToString("0.#", Inv)).Append(" of ").Append(result.Options.Prompts)
              .Append(" prompts per draw got n_i = 0 and dropped out.\n\n");
        }
        sb.Append("Intervals are 95%: cosine differences are t-intervals over the draws, paired by draw (the estimators of one draw share random numbers, see docs/trainer.md) and pooled over shards; variance ratios are geometric means over ")
          .Append(result.References.Count).Append(" shard(s) with a t-interval on the logarithms (none with one shard). ")
          .Append("The reference g* is itself noisy: its halves agree at cosine ").Append(F(rho.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average()))
          .Append(" (mean over shards), so g* has an expected cosine of ")
          .Append(F(result.References.Select(r => r.CosineToTruth).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average()))
          .Append(" to the true gradient and every cosine above is scaled down by about that factor (the corrected columns divide it out).");
        return sb.ToString();
    }

    private static StudyRow[] Rows(StudyResult result, string algorithm, string allocation) =>
        result.Rows.Where(r => r.Algorithm == algorithm && r.Allocation == allocation).OrderBy(r => r.Shard).ToArray();

    private static string CosineVerb(Interval d) =>
        d.Above(0) ? "raises" : d.Below(0) ? "lowers" : "does not clearly change";

    private static string VarianceVerb(Interval ratio, int lower, int shards) =>
        ratio.HasInterval
            ? ratio.Above(1) ? "lowers" : ratio.Below(1) ? "raises" : "does not clearly change"
            : lower == shards ? "lowers (no interval)" : lower == 0 ? "raises (no interval)" : "does not clearly change";

    internal static string F(double v) => double.IsFinite(v) ? v.ToString("0.000", Inv) : "n/a";

    internal static string FI(Interval i) =>
        i.HasInterval ? $"{F(i.Mean)} [{F(i.Low)}, {F(i.High)}]" : $"{F(i.Mean)} (no interval)";
}
