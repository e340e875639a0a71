namespace Gvm.Training.Eval;

/// <summary>One graded sample: the extracted answer (null when none was found) and the grader's verdict.</summary>
public readonly record struct GradedSample(string? Extracted, bool Correct);

/// <summary>
/// Evaluation metrics over k samples per problem (GVM eval/calc.py, spec math-grading.md §2): mean@k is the paper's
/// Table-1 number (mean accuracy over the k samples, averaged over problems); pass@k is the fraction of problems with
/// at least one correct sample; maj@k votes over the extracted answer strings (exact string groups, ties to the group
/// seen first, samples without an answer do not vote) and reuses the stored verdict of the winning group.
/// </summary>
public static class EvalMetrics
{
    public static double MeanAtK(IReadOnlyList<IReadOnlyList<GradedSample>> problems) =>
        Average(problems, samples => samples.Count == 0 ? 0 : samples.Count(s => s.Correct) / (double)samples.Count);

    public static double PassAtK(IReadOnlyList<IReadOnlyList<GradedSample>> problems) =>
        Average(problems, samples => samples.Any(s => s.Correct) ? 1 : 0);

    public static double MajAtK(IReadOnlyList<IReadOnlyList<GradedSample>> problems) =>
        Average(problems, samples => MajorityCorrect(samples) ? 1 : 0);

    /// <summary>The verdict of the most frequent extracted answer of one problem (false when no sample has an answer).</summary>
    public static bool MajorityCorrect(IReadOnlyList<GradedSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var counts = new Dictionary<string, (int Count, int First, bool Correct)>(StringComparer.Ordinal);
        for (var i = 0; i < samples.Count; i++)
        {
            if (samples[i].Extracted is not { } answer) continue;
            counts[answer] = counts.TryGetValue(answer, out var c) ? c with { Count = c.Count + 1 } : (1, i, samples[i].Correct);
        }
        if (counts.Count == 0) return false;
        return counts.Values.OrderByDescending(c => c.Count).ThenBy(c => c.First).First().Correct;
    }

    private static double Average(IReadOnlyList<IReadOnlyList<GradedSample>> problems, Func<IReadOnlyList<GradedSample>, double> perProblem)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 0 ? 0 : problems.Average(perProblem);
    }
}
