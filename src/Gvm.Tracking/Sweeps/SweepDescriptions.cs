using System.Globalization;
using System.Text;
using Gvm.Core.Runs;
using Gvm.Core.Sweeps;
using Gvm.Tracking.Tracking;

namespace Gvm.Tracking.Sweeps;

/// <summary>Tags and params the MLflow UI shows for a sweep's parent run and its child runs (spec §4.2, §4.3).</summary>
public static class SweepDescriptions
{
    /// <summary>The experiment a sweep logs to: one per grid name, so repeated sweeps of a grid sit side by side.</summary>
    public static string ExperimentName(SweepPlan plan) => string.IsNullOrWhiteSpace(plan.Name) ? "gvm-sweeps" : plan.Name.Trim();

    public static string ParentKey(SweepPlan plan) => string.IsNullOrEmpty(plan.SweepId) ? $"sweep:{ExperimentName(plan)}" : $"sweep:{plan.SweepId}";

    public static List<KeyValuePair<string, string>> ParentTags(SweepPlan plan, string? gitCommit)
    {
        var note = new StringBuilder();
        note.Append(CultureInfo.InvariantCulture, $"Sweep **{plan.Name}** ({plan.Runs.Count} runs, {plan.Pairs.Count} comparison pairs)");
        if (!string.IsNullOrWhiteSpace(plan.Description)) note.Append("\n\n").Append(plan.Description.Trim());
        note.Append("\n\n| stage | runs |\n| --- | --- |\n");
        foreach (var g in plan.Runs.GroupBy(r => r.Stage)) note.Append(CultureInfo.InvariantCulture, $"| {g.Key} | {g.Count()} |\n");
        foreach (var p in plan.Pairs) note.Append(CultureInfo.InvariantCulture, $"\n- {p.Name} (seed {p.Seed}): {p.BaselineRunId} vs {p.CandidateRunId}");
        var tags = Common(plan, gitCommit);
        tags.Add(new(TrackingKeys.RunName, ExperimentName(plan)));
        tags.Add(new(TrackingKeys.Note, note.ToString()));
        tags.Add(new("gvm.sweep_id", plan.SweepId));
        tags.Add(new("gvm.kind", "sweep"));
        return tags;
    }

    /// <summary>The search space: grid file, run count and each axis with its distinct values.</summary>
    public static List<KeyValuePair<string, string>> ParentParams(SweepPlan plan)
    {
        var ps = new List<KeyValuePair<string, string>> { new("grid", plan.Grid), new("runs", plan.Runs.Count.ToString(CultureInfo.InvariantCulture)) };
        foreach (var axis in plan.Runs.SelectMany(r => r.Cell.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            var values = plan.Runs.Select(r => r.Cell.GetValueOrDefault(axis)).OfType<string>().Distinct().Order(StringComparer.Ordinal);
            ps.Add(new($"axis.{SafeKey(axis)}", string.Join(", ", values)));
        }
        return ps;
    }

    public static List<KeyValuePair<string, string>> RunTags(SweepPlan? plan, PlannedRun run, string? gitCommit)
    {
        var note = new StringBuilder();
        note.Append(CultureInfo.InvariantCulture, $"**{run.Name}**: stage {run.Stage}, {run.Spec.Algorithm}, seed {run.Spec.Seed}, {run.Spec.TrainingSteps} steps");
        if (run.Cell.Count > 0) note.Append("\n\ncell: ").AppendJoin(", ", run.Cell.Select(kv => $"{kv.Key}={kv.Value}"));
        if (run.Needs.Count > 0) note.Append("\n\nneeds: ").AppendJoin(", ", run.Needs);
        note.Append(CultureInfo.InvariantCulture, $"\n\nresources: {run.Resources.Gpus} GPU, {run.Resources.Cpus} CPU; estimate {run.EstimatedSeconds:0} s");
        var tags = plan is null ? Common(new SweepPlan(), gitCommit) : Common(plan, gitCommit);
        tags.Add(new(TrackingKeys.RunName, string.IsNullOrEmpty(run.Name) ? run.RunId : run.Name));
        tags.Add(new(TrackingKeys.Note, note.ToString()));
        tags.Add(new("gvm.stage", run.Stage));
        tags.Add(new("gvm.algorithm", run.Spec.Algorithm.ToName()));
        foreach (var (axis, value) in run.Cell) tags.Add(new($"gvm.cell.{SafeKey(axis)}", value));
        return tags;
    }

    /// <summary>Every resolved config value of the run (its spec.json) as a dotted param.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> RunParams(PlannedRun run) => ParamFlattener.Flatten(run.Spec.ToJson());

    private static List<KeyValuePair<string, string>> Common(SweepPlan plan, string? gitCommit)
    {
        var tags = new List<KeyValuePair<string, string>>
        {
            new(TrackingKeys.User, Environment.UserName),
            new(TrackingKeys.SourceName, string.IsNullOrEmpty(plan.Grid) ? "gvm sweep" : $"gvm sweep {plan.Grid}"),
            new(TrackingKeys.SourceType, "LOCAL"),
        };
        if (gitCommit is not null) tags.Add(new(TrackingKeys.GitCommit, gitCommit));
        return tags;
    }

    private static string SafeKey(string s) => new(s.Select(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_').ToArray());
}
