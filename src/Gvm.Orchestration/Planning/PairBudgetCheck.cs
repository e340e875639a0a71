using System.Text.Json;
using System.Text.Json.Nodes;
using Gvm.Core;
using Gvm.Core.Runs;
using Gvm.Core.Sweeps;

namespace Gvm.Orchestration.Planning;

/// <summary>
/// Whether a comparison pair is fair: same prompts (task, data, steps, seed, start model), same stage-2 budget
/// (N per prompt) and same evaluation cadence. Other differences (e.g. gvm.* on the baseline) are listed only.
/// </summary>
public sealed record PairBudgetCheck(
    ComparisonPair Pair, bool SamePrompts, bool SameBudget, bool SameEval, IReadOnlyList<string> Differences)
{
    public bool Ok => SamePrompts && SameBudget && SameEval;

    private static readonly string[] PromptFields =
        ["task.", "seed", "sampling.prompts_per_step", "schedule.steps", "schedule.steps_per_iteration", "model.", "threads"];
    private static readonly string[] BudgetFields = ["sampling.samples_per_prompt", "sampling.max_new_tokens"];
    private static readonly string[] EvalFields = ["schedule.eval_every", "eval."];

    public static PairBudgetCheck Check(ComparisonPair pair, RunSpec baseline, RunSpec candidate)
    {
        var diffs = new List<string>();
        Diff(ToNode(baseline), ToNode(candidate), "", diffs);
        diffs.RemoveAll(d => d is "algorithm" or "name");
        return new PairBudgetCheck(pair,
            SamePrompts: !diffs.Any(d => Matches(d, PromptFields)),
            SameBudget: !diffs.Any(d => Matches(d, BudgetFields)),
            SameEval: !diffs.Any(d => Matches(d, EvalFields)),
            diffs);
    }

    private static bool Matches(string field, string[] patterns) =>
        patterns.Any(p => p.EndsWith('.') ? field.StartsWith(p, StringComparison.Ordinal) : field == p);

    private static JsonNode ToNode(RunSpec s) => JsonSerializer.SerializeToNode(s, GvmJson.Options)!;

    private static void Diff(JsonNode? a, JsonNode? b, string path, List<string> diffs)
    {
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(p => p.Key).Union(ob.Select(p => p.Key)))
                Diff(oa[key], ob[key], path.Length == 0 ? key : $"{path}.{key}", diffs);
            return;
        }
        if ((a?.ToJsonString() ?? "null") != (b?.ToJsonString() ?? "null")) diffs.Add(path);
    }
}
