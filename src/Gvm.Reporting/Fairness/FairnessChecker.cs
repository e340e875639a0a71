using System.Globalization;
using Gvm.Core.Runs;
using Gvm.Reporting.Curves;
using Gvm.Reporting.Inputs;

namespace Gvm.Reporting.Fairness;

/// <summary>
/// Checks that a declared pair compares like with like, from the resolved specs and the metrics: same prompts and
/// order, same stage-2 sampling budget, same eval protocol and cadence, same optimizer-update count, GRPO singleton
/// groups, and every other setting. Differences are flagged, never fixed or hidden.
/// </summary>
public static class FairnessChecker
{
    /// <summary>Relative tolerance for budgets and update counts read from metrics.</summary>
    public const double MetricTolerance = 0.01;

    // What a pair must share is PairedFields (Gvm.Core), the same definition the planner checks.
    private static readonly IReadOnlyList<string> Checked =
        [.. PairedFields.Prompts, .. PairedFields.Budget, .. PairedFields.Eval, .. PairedFields.Updates, .. PairedFields.GroupBaseline];

    public static IReadOnlyList<FairnessRow> Check(string pair, string group, int seed, RunRecord baseline, RunRecord candidate)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        var changes = RunSpecDiff.Compare(baseline.Spec, candidate.Spec);
        List<string> DifferencesWhere(Func<string, bool> field) =>
            changes.Where(c => field(c.Field)).Select(c => $"{c.Field}: {c.Old} vs {c.New}").ToList();
        List<string> Differences(IReadOnlyList<string> fields) => DifferencesWhere(f => SpecPaths.Under(f, fields));
        var rows = new List<FairnessRow>();
        void Add(string check, FairnessStatus status, string bv, string cv, string note) =>
            rows.Add(new FairnessRow { Pair = pair, Group = group, Seed = seed, Check = check, Status = status, Baseline = bv, Candidate = cv, Note = note });

        Add("runs complete", baseline.Complete && candidate.Complete ? FairnessStatus.Ok : FairnessStatus.Flag,
            baseline.State, candidate.State, baseline.Complete && candidate.Complete ? "" : "left out of the statistics; totals are compared once both runs finish");

        // Prompts and their order: same data, split, run seed (shuffle) and shard schedule; and the logged order.
        var promptDiffs = Differences(PairedFields.Prompts);
        var orderNote = PromptOrder(baseline, candidate);
        if (orderNote is not null) promptDiffs.Add(orderNote);
        Add("prompts and order", Status(promptDiffs), Describe(baseline.Spec.Task, baseline.Seed), Describe(candidate.Spec.Task, candidate.Seed), string.Join("; ", promptDiffs));

        // Stage-2 budget: N × prompts per step × steps, and the stage-2 samples actually drawn.
        var budgetDiffs = Differences(PairedFields.Budget);
        var s2a = EvalCurves.Sum(baseline.Metrics, MetricNames.SamplesStage2);
        var s2b = EvalCurves.Sum(candidate.Metrics, MetricNames.SamplesStage2);
        var bothComplete = baseline.Complete && candidate.Complete;
        // Totals of a run that is still going are partial: they are compared once both runs have finished.
        if (bothComplete && !SameCount(s2a, s2b)) budgetDiffs.Add($"{MetricNames.SamplesStage2} summed: {Num(s2a)} vs {Num(s2b)}");
        Add("stage-2 sampling budget", Status(budgetDiffs), Budget(baseline.Spec, s2a), Budget(candidate.Spec, s2b), string.Join("; ", budgetDiffs));

        // Eval protocol (problems, benchmarks, lengths) and cadence (eval_every and the steps actually evaluated).
        var evalDiffs = Differences(PairedFields.Eval);
        var ea = EvalCurves.EvalSteps(baseline.Metrics);
        var eb = EvalCurves.EvalSteps(candidate.Metrics);
        var common = Math.Min(ea.Length, eb.Length);
        if (!ea.Take(common).SequenceEqual(eb.Take(common))) evalDiffs.Add($"eval steps: {Steps(ea)} vs {Steps(eb)}");
        else if (ea.Length != eb.Length && bothComplete) evalDiffs.Add($"eval count: {ea.Length} vs {eb.Length}");
        Add("eval protocol and cadence", Status(evalDiffs), EvalDescribe(baseline, ea), EvalDescribe(candidate, eb), string.Join("; ", evalDiffs));

        // Optimizer updates: same mini-batch semantics, and the same final count.
        var updDiffs = Differences(PairedFields.Updates);
        var ua = EvalCurves.Final(baseline.Metrics, MetricNames.OptimizerUpdatesCum);
        var ub = EvalCurves.Final(candidate.Metrics, MetricNames.OptimizerUpdatesCum);
        if (double.IsNaN(ua) || double.IsNaN(ub)) updDiffs.Add($"{MetricNames.OptimizerUpdatesCum} not logged by {(double.IsNaN(ua) ? "the baseline" : "the candidate")}");
        else if (bothComplete && !SameCount(ua, ub)) updDiffs.Add($"final updates: {Num(ua)} vs {Num(ub)}");
        Add("optimizer updates", Status(updDiffs), Num(ua), Num(ub), string.Join("; ", updDiffs));

        Singletons(baseline, candidate, Differences(PairedFields.GroupBaseline), Add);

        var otherDiffs = DifferencesWhere(f => !SpecPaths.Under(f, PairedFields.AlgorithmOwn) && !SpecPaths.Under(f, Checked));
        // The registry's fairness pairing: a GVM candidate is compared with its own uniform baseline (same advantage and loss).
        // An ablation pair runs one algorithm on both arms; its difference is the ablated setting, not the pairing.
        if (candidate.Algorithm.Info() is { UsesGvm: true, UniformBaseline: { } own } && own != baseline.Algorithm
            && candidate.Algorithm != baseline.Algorithm)
            otherDiffs.Add($"algorithm: {candidate.Algorithm.ToDisplay()}'s uniform baseline is {own.ToDisplay()}, not {baseline.Algorithm.ToDisplay()}");
        Add("other settings", Status(otherDiffs), baseline.Algorithm.ToDisplay(), candidate.Algorithm.ToDisplay(),
            otherDiffs.Count == 0 ? "identical apart from the algorithm and its gvm.* / presample settings" : string.Join("; ", otherDiffs));
        return rows;
    }

    private static void Singletons(RunRecord baseline, RunRecord candidate, List<string> notes,
        Action<string, FairnessStatus, string, string, string> add)
    {
        const string check = "GRPO singleton groups";
        var grpo = baseline.Algorithm.Info().IsGroupBased || candidate.Algorithm.Info().IsGroupBased;
        if (!grpo)
        {
            add(check, FairnessStatus.NotApplicable, "", "", "RAFT++ has no group baseline");
            return;
        }
        var sa = EvalCurves.Sum(baseline.Metrics, MetricNames.SingletonGroups);
        var sb = EvalCurves.Sum(candidate.Metrics, MetricNames.SingletonGroups);
        // A group of one sample has a zero group-centred advantage: its rollouts cost budget but teach nothing.
        foreach (var (run, count) in new[] { (baseline, sa), (candidate, sb) })
        {
            if (count > 0 && run.Spec.Gvm.MinPerPrompt < 2)
                notes.Add($"{run.Algorithm.ToDisplay()} drew {Num(count)} singleton groups (advantage A = r: verl uses mean 0, std 1 for a group of one, so no group baseline; gvm.min_per_prompt={run.Spec.Gvm.MinPerPrompt})");
        }
        add(check, Status(notes), Singleton(baseline, sa), Singleton(candidate, sb), string.Join("; ", notes));
    }

    /// <summary>Compares the prompt ids, in order, of each EM iteration both runs logged allocations for.</summary>
    private static string? PromptOrder(RunRecord baseline, RunRecord candidate)
    {
        if (baseline.Allocations.Count == 0 || candidate.Allocations.Count == 0) return null;
        var ia = baseline.Allocations.GroupBy(r => r.Iteration).ToDictionary(g => g.Key, g => g.Select(r => r.PromptId).ToArray());
        var ib = candidate.Allocations.GroupBy(r => r.Iteration).ToDictionary(g => g.Key, g => g.Select(r => r.PromptId).ToArray());
        foreach (var it in ia.Keys.Intersect(ib.Keys).Order())
            if (!ia[it].SequenceEqual(ib[it])) return $"allocations.jsonl: prompt ids of iteration {it} differ";
        return null;
    }

    private static FairnessStatus Status(IReadOnlyCollection<string> diffs) => diffs.Count == 0 ? FairnessStatus.Ok : FairnessStatus.Flag;

    private static bool SameCount(double x, double y) =>
        (double.IsNaN(x) && double.IsNaN(y)) || Math.Abs(x - y) <= MetricTolerance * Math.Max(Math.Abs(x), Math.Abs(y));

    internal static string Num(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Describe(TaskOptions t, int seed) =>
        $"{t.Kind}, data_seed {t.DataSeed}, seed {seed}" + (t.TrainPath is null ? "" : $", {Path.GetFileName(t.TrainPath)}");

    private static string Budget(RunSpec s, double drawn) =>
        $"{s.Sampling.PromptsPerStep}×{s.Sampling.SamplesPerPrompt}×{s.Schedule.Steps} = {(long)s.Sampling.PromptsPerStep * s.Sampling.SamplesPerPrompt * s.Schedule.Steps}"
        + (double.IsNaN(drawn) ? "" : $" (drawn {Num(drawn)})");

    private static string EvalDescribe(RunRecord r, long[] steps) =>
        $"every {r.Spec.Schedule.EvalEvery}, {steps.Length} evals";

    private static string Singleton(RunRecord r, double count) =>
        double.IsNaN(count) ? "not logged" : $"{Num(count)} (min_per_prompt {r.Spec.Gvm.MinPerPrompt})";

    private static string Steps(long[] steps) =>
        steps.Length <= 8 ? string.Join(",", steps) : string.Join(",", steps.Take(8)) + ",…";
}
