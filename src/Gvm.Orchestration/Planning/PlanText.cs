using System.Globalization;
using Gvm.Core.Runs;

namespace Gvm.Orchestration.Planning;

/// <summary>The human-readable summary <c>gvm plan</c> prints: runs by stage, pairs with their budget checks, estimate.</summary>
public static class PlanText
{
    public static void Write(PlanResult result, string sweepDir, int parallel, TextWriter o)
    {
        var plan = result.Plan;
        o.WriteLine($"grid {plan.Name} ({plan.Grid}): {plan.Description}");
        o.WriteLine($"sweep id {plan.SweepId}, directory {sweepDir}");
        foreach (var stage in plan.Runs.GroupBy(r => r.Stage))
        {
            o.WriteLine();
            o.WriteLine($"stage {stage.Key}: {stage.Count()} run(s)");
            foreach (var r in stage)
            {
                var needs = r.Needs.Count == 0 ? "" : $" needs {string.Join(",", r.Needs)}";
                var gpus = r.Resources.Gpus > 0 ? $" gpus={r.Resources.Gpus}" : "";
                o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {r.RunId}  {r.Name,-36} {r.Spec.Algorithm.ToDisplay(),-10} seed={r.Spec.Seed} steps={r.Spec.TrainingSteps}{gpus} ~{r.EstimatedSeconds:0}s{needs}"));
            }
        }
        o.WriteLine();
        o.WriteLine($"pairs: {plan.Pairs.Count}");
        foreach (var c in result.PairChecks)
        {
            var p = c.Pair;
            o.WriteLine($"  {(c.Ok ? "ok  " : "FAIL")} {p.Name} seed={p.Seed}: {p.BaselineRunId} vs {p.CandidateRunId}" +
                $" | prompts {Mark(c.SamePrompts)} budget {Mark(c.SameBudget)} eval {Mark(c.SameEval)}" +
                (c.Differences.Count > 0 ? $" | differ: {string.Join(", ", c.Differences)}" : ""));
        }
        foreach (var w in result.Warnings) o.WriteLine($"warning: {w}");
        var (serial, wall) = Estimate(result, parallel);
        o.WriteLine();
        if (plan.Runs.Any(r => r.Spec.Model.Device != "cpu"))
        {
            o.WriteLine("estimate: not calibrated for GPU runs (the per-step costs come from the 2-core CPU reference machine)");
            return;
        }
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"estimate (2-core CPU calibration): {serial / 60:0.0} min of runs, about {wall / 60:0.0} min with {parallel} slot(s)"));
    }

    private static string Mark(bool ok) => ok ? "same" : "DIFFERENT";

    /// <summary>Serial sum, and a list-scheduling estimate in plan order with <paramref name="parallel"/> slots.</summary>
    public static (double Serial, double Wall) Estimate(PlanResult result, int parallel)
    {
        var finish = new Dictionary<string, double>();
        var slots = new double[Math.Max(1, parallel)];
        foreach (var r in result.Plan.Runs)
        {
            var ready = r.Needs.Select(n => finish.GetValueOrDefault(n)).DefaultIfEmpty(0).Max();
            var i = Array.IndexOf(slots, slots.Min());
            var start = Math.Max(slots[i], ready);
            slots[i] = finish[r.RunId] = start + r.EstimatedSeconds;
        }
        return (result.Plan.Runs.Sum(r => r.EstimatedSeconds), finish.Values.DefaultIfEmpty(0).Max());
    }
}
