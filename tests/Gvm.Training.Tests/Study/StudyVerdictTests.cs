using Gvm.Training.Study;

namespace Gvm.Training.Tests.Study;

/// <summary>The verdict paragraph follows the numbers: it says "raises"/"lowers" only when the interval excludes no change.</summary>
public class StudyVerdictTests
{
    private static StudyRow Row(string algorithm, string allocation, int shard, double cosine, double relVariance) => new()
    {
        Algorithm = algorithm, Allocation = allocation, Shard = shard, Draws = 4, CosineMean = cosine, CosineLo = cosine - 0.01,
        CosineHi = cosine + 0.01, CosineCorrectedMean = cosine, CosineCorrectedLo = cosine, CosineCorrectedHi = cosine,
        MeanGradientCosine = cosine, RelVariance = relVariance, RelVarianceUnit = relVariance, TraceCovariance = 1, MeanGradientNorm = 1,
        Nmse = 2 - 2 * cosine, PredictedVarianceRatio = allocation == "gvm" ? 2 : 1, MeasuredVarianceRatio = 1, Rollouts = 1,
        PresampleRollouts = 0, Seconds = 1, SampleSeconds = 1, GradientSeconds = 0, ReferenceSplitHalfCosine = 0.8,
        ReferenceCosineToTruth = StudyStatistics.ReferenceCosine(0.8), ZeroAllocPrompts = 0, UniformFallbackDraws = 0,
    };

    /// <summary>Two shards; GVM's cosines are <paramref name="gvmShift"/> above uniform's in every draw (plus noise), and
    /// its relative variance is uniform's divided by <paramref name="varianceFactor"/>.</summary>
    private static StudyResult Result(double gvmShift, double varianceFactor)
    {
        var rows = new List<StudyRow>();
        var cosines = new Dictionary<string, IReadOnlyList<IReadOnlyList<double>>>();
        double[] noise = [0.02, -0.01, 0.015, -0.025];
        foreach (var a in new[] { "raft_pp", "grpo" })
        {
            foreach (var (allocation, shift, variance) in new[] { ("uniform", 0.0, 1.0), ("gvm", gvmShift, 1 / varianceFactor), ("uniform_equal_rollouts", 0.0, 1.0) })
            {
                var perShard = new List<IReadOnlyList<double>>();
                for (var s = 0; s < 2; s++)
                {
                    var draws = noise.Select((e, r) => 0.5 + 0.1 * s + shift + (allocation == "gvm" ? e * 0.3 : e)).ToArray();
                    perShard.Add(draws);
                    rows.Add(Row(a, allocation, s, draws.Average(), variance * (1 + 0.05 * s)));
                }
                cosines[StudyResult.Key(a, allocation)] = perShard;
            }
        }
        var references = new[] { new StudyReference(0, 6, 8, 0.8, 0.94, 1, 0.3, 1), new StudyReference(1, 6, 8, 0.8, 0.94, 1, 0.3, 1) };
        return new StudyResult(new VarianceStudyOptions { Shards = 2, Repeats = 4 },
            new StudySettings("ckpt", "arith", 10, 8, 8, 1e-3, 2, 1, 64, 0.2, 0.2, true, "cpu", 1), rows, references, [], cosines, 1);
    }

    [Fact]
    public void Clearly_higher_cosines_and_lower_variance_read_as_raises_and_lowers()
    {
        var text = StudyVerdict.Write(Result(gvmShift: 0.2, varianceFactor: 3));
        Assert.Contains("At equal stage-2 budget, GVM raises the cosine", text);
        Assert.Contains("lowers the relative variance (lower in 2 of 2 shards", text);
        var c = StudyVerdict.Compare(Result(0.2, 3)).First(x => x.Algorithm == "raft_pp" && x.Against == "uniform");
        Assert.Equal(0.2, c.CosineDifference.Mean, 9);
        Assert.Equal(3, c.VarianceRatio.Mean, 9);
        Assert.Equal(2, c.PredictedRatio, 12);
        Assert.Contains("0 of 64 prompts per draw got n_i = 0", text);
    }

    [Fact]
    public void Lower_cosines_and_higher_variance_read_as_lowers_and_raises()
    {
        var text = StudyVerdict.Write(Result(gvmShift: -0.2, varianceFactor: 0.25));
        Assert.Contains("GVM lowers the cosine", text);
        Assert.Contains("raises the relative variance (lower in 0 of 2 shards", text);
    }

    [Fact]
    public void A_difference_inside_the_noise_reads_as_no_clear_change()
    {
        var text = StudyVerdict.Write(Result(gvmShift: 0.001, varianceFactor: 1));
        Assert.Contains("GVM does not clearly change the cosine", text);
    }
}
