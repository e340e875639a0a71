using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Gvm.Core.Runs;
using Gvm.Reporting.Comparison;
using Gvm.Reporting.Fairness;

namespace Gvm.Reporting.Output;

// Explicit column order of every CSV file (documented in docs/reports.md). Missing numbers are empty cells.

internal sealed class AccuracyRowMap : ClassMap<AccuracyRow>
{
    public AccuracyRowMap()
    {
        Map(r => r.Group).Name("group").Index(0);
        Map(r => r.Algorithm).Name("algorithm").Index(1);
        Map(r => r.Benchmark).Name("benchmark").Index(2);
        Map(r => r.Runs).Name("runs").Index(3);
        Map(r => r.IncompleteRuns).Name("incomplete_runs").Index(4);
        Map(r => r.FinalMean).Name("final_mean").Index(5).Convert((ConvertToStringArgs<AccuracyRow> a) => CsvNumber.Format(a.Value.FinalMean));
        Map(r => r.FinalStd).Name("final_std").Index(6).Convert((ConvertToStringArgs<AccuracyRow> a) => CsvNumber.Format(a.Value.FinalStd));
        Map(r => r.FinalLow).Name("final_ci_low").Index(7).Convert((ConvertToStringArgs<AccuracyRow> a) => CsvNumber.Format(a.Value.FinalLow));
        Map(r => r.FinalHigh).Name("final_ci_high").Index(8).Convert((ConvertToStringArgs<AccuracyRow> a) => CsvNumber.Format(a.Value.FinalHigh));
        Map(r => r.PairedWith).Name("paired_with").Index(9);
        Map(r => r.PairedSeeds).Name("paired_seeds").Index(10);
        Map(r => r.PairedDiffMean).Name("paired_diff_mean").Index(11).Convert((ConvertToStringArgs<AccuracyRow> a) => CsvNumber.Format(a.Value.PairedDiffMean));
        Map(r => r.PairedDiffLow).Name("paired_diff_ci_low").Index(12).Convert((ConvertToStringArgs<AccuracyRow> a) => CsvNumber.Format(a.Value.PairedDiffLow));
        Map(r => r.PairedDiffHigh).Name("paired_diff_ci_high").Index(13).Convert((ConvertToStringArgs<AccuracyRow> a) => CsvNumber.Format(a.Value.PairedDiffHigh));
        Map(r => r.SignP).Name("sign_p").Index(14).Convert((ConvertToStringArgs<AccuracyRow> a) => CsvNumber.Format(a.Value.SignP));
        Map(r => r.WilcoxonP).Name("wilcoxon_p").Index(15).Convert((ConvertToStringArgs<AccuracyRow> a) => CsvNumber.Format(a.Value.WilcoxonP));
    }
}

internal sealed class SpeedupRowMap : ClassMap<SpeedupRow>
{
    public SpeedupRowMap()
    {
        Map(r => r.Pair).Name("pair").Index(0);
        Map(r => r.Group).Name("group").Index(1);
        Map(r => r.Baseline).Name("baseline").Index(2);
        Map(r => r.Candidate).Name("candidate").Index(3);
        Map(r => r.Axis).Name("axis").Index(4);
        Map(r => r.Fraction).Name("x").Index(5).Convert((ConvertToStringArgs<SpeedupRow> a) => CsvNumber.Format(a.Value.Fraction));
        Map(r => r.Seeds).Name("seeds").Index(6);
        Map(r => r.CensoredSeeds).Name("censored_seeds").Index(7);
        Map(r => r.TargetMean).Name("target_mean").Index(8).Convert((ConvertToStringArgs<SpeedupRow> a) => CsvNumber.Format(a.Value.TargetMean));
        Map(r => r.BaselineTimeMedian).Name("t_baseline_median").Index(9).Convert((ConvertToStringArgs<SpeedupRow> a) => CsvNumber.Format(a.Value.BaselineTimeMedian));
        Map(r => r.CandidateTimeMedian).Name("t_candidate_median").Index(10).Convert((ConvertToStringArgs<SpeedupRow> a) => CsvNumber.Format(a.Value.CandidateTimeMedian));
        Map(r => r.SpeedupGeoMean).Name("speedup_geomean").Index(11).Convert((ConvertToStringArgs<SpeedupRow> a) => CsvNumber.Format(a.Value.SpeedupGeoMean));
        Map(r => r.SpeedupLow).Name("speedup_ci_low").Index(12).Convert((ConvertToStringArgs<SpeedupRow> a) => CsvNumber.Format(a.Value.SpeedupLow));
        Map(r => r.SpeedupHigh).Name("speedup_ci_high").Index(13).Convert((ConvertToStringArgs<SpeedupRow> a) => CsvNumber.Format(a.Value.SpeedupHigh));
        Map(r => r.Bound).Name("bound").Index(14);
        Map(r => r.BaselineBudget).Name("baseline_budget").Index(15).Convert((ConvertToStringArgs<SpeedupRow> a) => CsvNumber.Format(a.Value.BaselineBudget));
        Map(r => r.BaselineFinalMean).Name("baseline_final_mean").Index(16).Convert((ConvertToStringArgs<SpeedupRow> a) => CsvNumber.Format(a.Value.BaselineFinalMean));
        Map(r => r.CandidateAtBudgetMean).Name("candidate_at_budget_mean").Index(17).Convert((ConvertToStringArgs<SpeedupRow> a) => CsvNumber.Format(a.Value.CandidateAtBudgetMean));
        Map(r => r.Note).Name("note").Index(18);
    }
}

internal sealed class CrossingRowMap : ClassMap<CrossingRow>
{
    public CrossingRowMap()
    {
        Map(r => r.Pair).Name("pair").Index(0);
        Map(r => r.Group).Name("group").Index(1);
        Map(r => r.Seed).Name("seed").Index(2);
        Map(r => r.Axis).Name("axis").Index(3);
        Map(r => r.Fraction).Name("x").Index(4).Convert((ConvertToStringArgs<CrossingRow> a) => CsvNumber.Format(a.Value.Fraction));
        Map(r => r.Target).Name("target").Index(5).Convert((ConvertToStringArgs<CrossingRow> a) => CsvNumber.Format(a.Value.Target));
        Map(r => r.BaselineT).Name("t_baseline").Index(6).Convert((ConvertToStringArgs<CrossingRow> a) => CsvNumber.Format(a.Value.BaselineT));
        Map(r => r.BaselineCensored).Name("baseline_censored").Index(7).Convert((ConvertToStringArgs<CrossingRow> a) => a.Value.BaselineCensored ? "true" : "false");
        Map(r => r.CandidateT).Name("t_candidate").Index(8).Convert((ConvertToStringArgs<CrossingRow> a) => CsvNumber.Format(a.Value.CandidateT));
        Map(r => r.CandidateCensored).Name("candidate_censored").Index(9).Convert((ConvertToStringArgs<CrossingRow> a) => a.Value.CandidateCensored ? "true" : "false");
        Map(r => r.Speedup).Name("speedup").Index(10).Convert((ConvertToStringArgs<CrossingRow> a) => CsvNumber.Format(a.Value.Speedup));
        Map(r => r.Bound).Name("bound").Index(11);
        Map(r => r.BaselineBudget).Name("baseline_budget").Index(12).Convert((ConvertToStringArgs<CrossingRow> a) => CsvNumber.Format(a.Value.BaselineBudget));
        Map(r => r.BaselineFinal).Name("baseline_final").Index(13).Convert((ConvertToStringArgs<CrossingRow> a) => CsvNumber.Format(a.Value.BaselineFinal));
        Map(r => r.CandidateAtBudget).Name("candidate_at_budget").Index(14).Convert((ConvertToStringArgs<CrossingRow> a) => CsvNumber.Format(a.Value.CandidateAtBudget));
        Map(r => r.Note).Name("note").Index(15);
    }
}

internal sealed class FairnessRowMap : ClassMap<FairnessRow>
{
    public FairnessRowMap()
    {
        Map(r => r.Pair).Name("pair").Index(0);
        Map(r => r.Group).Name("group").Index(1);
        Map(r => r.Seed).Name("seed").Index(2);
        Map(r => r.Check).Name("check").Index(3);
        Map(r => r.Status).Name("status").Index(4).Convert((ConvertToStringArgs<FairnessRow> a) => FairnessText.Status(a.Value.Status));
        Map(r => r.Baseline).Name("baseline").Index(5);
        Map(r => r.Candidate).Name("candidate").Index(6);
        Map(r => r.Note).Name("note").Index(7);
    }
}

internal sealed class AucRowMap : ClassMap<AucRow>
{
    public AucRowMap()
    {
        Map(r => r.Pair).Name("pair").Index(0);
        Map(r => r.Group).Name("group").Index(1);
        Map(r => r.Seed).Name("seed").Index(2);
        Map(r => r.Axis).Name("axis").Index(3);
        Map(r => r.From).Name("from").Index(4).Convert((ConvertToStringArgs<AucRow> a) => CsvNumber.Format(a.Value.From));
        Map(r => r.To).Name("to").Index(5).Convert((ConvertToStringArgs<AucRow> a) => CsvNumber.Format(a.Value.To));
        Map(r => r.BaselineAuc).Name("auc_baseline").Index(6).Convert((ConvertToStringArgs<AucRow> a) => CsvNumber.Format(a.Value.BaselineAuc));
        Map(r => r.CandidateAuc).Name("auc_candidate").Index(7).Convert((ConvertToStringArgs<AucRow> a) => CsvNumber.Format(a.Value.CandidateAuc));
        Map(r => r.Delta).Name("delta").Index(8).Convert((ConvertToStringArgs<AucRow> a) => CsvNumber.Format(a.Value.Delta));
        Map(r => r.Note).Name("note").Index(9);
    }
}

internal sealed class LearningRowMap : ClassMap<LearningRow>
{
    public LearningRowMap()
    {
        Map(r => r.Pair).Name("pair").Index(0);
        Map(r => r.Group).Name("group").Index(1);
        Map(r => r.Arm).Name("arm").Index(2);
        Map(r => r.Algorithm).Name("algorithm").Index(3);
        Map(r => r.N).Name("n").Index(4);
        Map(r => r.GainMean).Name("gain_mean").Index(5).Convert((ConvertToStringArgs<LearningRow> a) => CsvNumber.Format(a.Value.GainMean));
        Map(r => r.GainLow).Name("gain_ci_low").Index(6).Convert((ConvertToStringArgs<LearningRow> a) => CsvNumber.Format(a.Value.GainLow));
        Map(r => r.GainHigh).Name("gain_ci_high").Index(7).Convert((ConvertToStringArgs<LearningRow> a) => CsvNumber.Format(a.Value.GainHigh));
        Map(r => r.QuarterFrom).Name("quarter_from").Index(8).Convert((ConvertToStringArgs<LearningRow> a) => CsvNumber.Format(a.Value.QuarterFrom));
        Map(r => r.QuarterTo).Name("quarter_to").Index(9).Convert((ConvertToStringArgs<LearningRow> a) => CsvNumber.Format(a.Value.QuarterTo));
        Map(r => r.ChangeMean).Name("quarter_change_mean").Index(10).Convert((ConvertToStringArgs<LearningRow> a) => CsvNumber.Format(a.Value.ChangeMean));
        Map(r => r.ChangeLow).Name("quarter_change_ci_low").Index(11).Convert((ConvertToStringArgs<LearningRow> a) => CsvNumber.Format(a.Value.ChangeLow));
        Map(r => r.ChangeHigh).Name("quarter_change_ci_high").Index(12).Convert((ConvertToStringArgs<LearningRow> a) => CsvNumber.Format(a.Value.ChangeHigh));
    }
}

internal sealed class PairedRowMap : ClassMap<PairedRow>
{
    public PairedRowMap()
    {
        Map(r => r.Pair).Name("pair").Index(0);
        Map(r => r.Group).Name("group").Index(1);
        Map(r => r.Metric).Name("metric").Index(2);
        Map(r => r.N).Name("n").Index(3);
        Map(r => r.Mean).Name("mean").Index(4).Convert((ConvertToStringArgs<PairedRow> a) => CsvNumber.Format(a.Value.Mean));
        Map(r => r.StdDev).Name("std").Index(5).Convert((ConvertToStringArgs<PairedRow> a) => CsvNumber.Format(a.Value.StdDev));
        Map(r => r.Low).Name("ci_low").Index(6).Convert((ConvertToStringArgs<PairedRow> a) => CsvNumber.Format(a.Value.Low));
        Map(r => r.High).Name("ci_high").Index(7).Convert((ConvertToStringArgs<PairedRow> a) => CsvNumber.Format(a.Value.High));
        Map(r => r.SignN).Name("sign_n").Index(8);
        Map(r => r.SignPositive).Name("sign_positive").Index(9);
        Map(r => r.SignP).Name("sign_p").Index(10).Convert((ConvertToStringArgs<PairedRow> a) => CsvNumber.Format(a.Value.SignP));
        Map(r => r.WilcoxonN).Name("wilcoxon_n").Index(11);
        Map(r => r.WilcoxonWPlus).Name("wilcoxon_w_plus").Index(12).Convert((ConvertToStringArgs<PairedRow> a) => CsvNumber.Format(a.Value.WilcoxonWPlus));
        Map(r => r.WilcoxonP).Name("wilcoxon_p").Index(13).Convert((ConvertToStringArgs<PairedRow> a) => CsvNumber.Format(a.Value.WilcoxonP));
    }
}

/// <summary>A row of verdicts.csv: the headline of one pair.</summary>
public sealed record VerdictRow(string Pair, string Group, string Baseline, string Candidate, int Seeds, string Verdict, string Headline)
{
    public static VerdictRow Of(PairVerdict v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new VerdictRow(v.Pair.Name, v.Pair.Group, v.Pair.BaselineName, v.Pair.CandidateName, v.Seeds,
            Name(v.Outcome), VerdictText.Headline(v));
    }

    public static string Name(VerdictOutcome outcome) => outcome switch
    {
        VerdictOutcome.NoData => "no_data",
        VerdictOutcome.NoVerdict => "no_verdict",
        VerdictOutcome.CandidateFaster => "candidate_faster",
        VerdictOutcome.CandidateSlower => "candidate_slower",
        VerdictOutcome.NoDifference => "no_difference",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "supported: no_data, no_verdict, candidate_faster, candidate_slower, no_difference"),
    };
}

internal sealed class VerdictRowMap : ClassMap<VerdictRow>
{
    public VerdictRowMap()
    {
        Map(r => r.Pair).Name("pair").Index(0);
        Map(r => r.Group).Name("group").Index(1);
        Map(r => r.Baseline).Name("baseline").Index(2);
        Map(r => r.Candidate).Name("candidate").Index(3);
        Map(r => r.Seeds).Name("seeds").Index(4);
        Map(r => r.Verdict).Name("verdict").Index(5);
        Map(r => r.Headline).Name("headline").Index(6);
    }
}

internal static class CsvNumber
{
    /// <summary>Invariant, up to 6 decimals; NaN as an empty cell, infinities as inf / -inf.</summary>
    public static string Format(double v) =>
        double.IsNaN(v) ? "" : double.IsPositiveInfinity(v) ? "inf" : double.IsNegativeInfinity(v) ? "-inf"
        : v.ToString("0.######", CultureInfo.InvariantCulture);
}

public static class FairnessText
{
    public static string Status(FairnessStatus s) => s switch
    {
        FairnessStatus.Ok => "ok",
        FairnessStatus.Flag => "FLAG",
        FairnessStatus.NotApplicable => "n/a",
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, "supported: ok, FLAG, n/a"),
    };
}
