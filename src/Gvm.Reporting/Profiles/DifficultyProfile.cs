using Gvm.Core.Runs.Files;
using Gvm.Reporting.Inputs;

namespace Gvm.Reporting.Profiles;

/// <summary>Shares of sampled prompts per pass-rate bin in one window of steps.</summary>
public sealed record ProfileWindow(long FromStep, long ToStep, int Prompts, double[] Shares);

/// <summary>
/// The difficulty profile of training: how the per-prompt stage-2 pass rates a/n (pass_rates.jsonl) are distributed in
/// the first steps and in later windows. A prompt at 0 or 1 teaches GRPO nothing (zero group advantage) and is where
/// GVM moves budget away from, so both ends get their own bin.
/// </summary>
public static class DifficultyProfile
{
    /// <summary>Bin labels: a/n = 0, five equal bins over (0, 1), a/n = 1.</summary>
    public static readonly IReadOnlyList<string> BinLabels = ["0", "(0, .2]", "(.2, .4]", "(.4, .6]", "(.6, .8]", "(.8, 1)", "1"];

    /// <summary>The bin of a pass rate: 0 for a/n = 0, 6 for a/n = 1, else 1 + ⌊5·a/n⌋ with right-closed inner edges.</summary>
    public static int Bin(int accepted, int samples)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        if (accepted <= 0) return 0;
        if (accepted >= samples) return BinLabels.Count - 1;
        // a/n in (0, 1): bin k (1..5) holds ((k − 1)/5, k/5]; computed on integers so 2/10 lands in (0, .2] exactly.
        return (int)Math.Ceiling(5.0 * accepted / samples - 1e-12);
    }

    /// <summary>
    /// Splits the steps the records cover into <paramref name="windows"/> equal step ranges (the first is "the first
    /// steps") and returns, per non-empty window, the share of (step, prompt) records in each bin (shares sum to 1).
    /// Records without samples are skipped.
    /// </summary>
    public static IReadOnlyList<ProfileWindow> Windows(IReadOnlyList<PassRateRecord> records, int windows = 4)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windows);
        var used = records.Where(r => r.Samples > 0).ToArray();
        if (used.Length == 0) return [];
        var first = used.Min(r => r.Step);
        var last = used.Max(r => r.Step);
        var span = last - first + 1;
        var result = new List<ProfileWindow>();
        for (var w = 0; w < windows; w++)
        {
            var from = first + span * w / windows;
            var to = first + span * (w + 1) / windows - 1;
            if (to < from) continue;
            var inWindow = used.Where(r => r.Step >= from && r.Step <= to).ToArray();
            if (inWindow.Length == 0) continue;
            var shares = new double[BinLabels.Count];
            foreach (var r in inWindow) shares[Bin(r.Accepted, r.Samples)] += 1.0 / inWindow.Length;
            result.Add(new ProfileWindow(from, to, inWindow.Length, shares));
        }
        return result;
    }
}
