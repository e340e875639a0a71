using System.Text.Json;
using Gvm.Core;
using Gvm.Core.Runs;
using Gvm.Core.Sweeps;
using Gvm.Orchestration.Grids;

namespace Gvm.Orchestration.Planning;

/// <summary>
/// The outcome of planning a grid: the plan plus each pair's budget check, any warnings, and the input files that are
/// missing on this machine (<c>file:line:column: field: message (run name)</c>; a sweep refuses to start with any).
/// </summary>
public sealed record PlanResult(SweepPlan Plan, IReadOnlyList<PairBudgetCheck> PairChecks, IReadOnlyList<string> Warnings)
{
    public IReadOnlyList<string> MissingInputs { get; init; } = [];

    /// <summary>Every pair comparable and every input file present: the grid can run here.</summary>
    public bool Runnable => PairChecks.All(c => c.Ok) && MissingInputs.Count == 0;
}

/// <summary>
/// Expands a grid into resolved run specs: defaults, then the stage's spec, then the cell's axis values; each run
/// is validated (errors name the grid line:column of the field) and named by <see cref="RunIds.ForSpec"/>.
/// </summary>
public static class Planner
{
    public static PlanResult Plan(GridDefinition grid, string sweepDir)
    {
        var yaml = new YamlNodes(grid.File);
        var runs = new List<PlannedRun>();
        var byStage = new Dictionary<string, List<PlannedRun>>();
        var warnings = new List<string>();
        var missing = new List<string>();
        foreach (var stage in grid.Stages)
        {
            var stageRuns = byStage[stage.Name] = [];
            // for_each: every own cell once per run of the named stage (that run is its source); else each cell once.
            var sources = stage.ForEach is { } each ? byStage[each].Cast<PlannedRun?>().ToList() : [null];
            foreach (var (source, cell) in sources.SelectMany(src => Cells(stage).Select(c => (src, c))))
            {
                var overlay = Resolve(grid, stage, cell, yaml);
                if (Excluded(stage, cell, overlay, yaml)) continue;
                var run = Build(grid, stage, cell, overlay, byStage, source, sweepDir, missing);
                if (runs.Any(r => r.RunId == run.RunId))
                {
                    warnings.Add($"{run.Name}: same resolved spec as an earlier cell; planned once");
                    continue;
                }
                runs.Add(run);
                stageRuns.Add(run);
            }
            if (stageRuns.Count == 0) warnings.Add($"stage '{stage.Name}' has no runs after exclusions");
        }

        var (pairs, checks) = Pairs(grid, runs, warnings);
        var plan = new SweepPlan
        {
            Name = grid.Name,
            Description = grid.Description,
            Grid = grid.File,
            SweepId = RunIds.ForSweep(grid.Name, runs.Select(r => r.RunId)),
            Runs = runs,
            Pairs = pairs,
        };
        return new PlanResult(plan, checks, warnings) { MissingInputs = missing.Distinct().ToList() };
    }

    /// <summary>Cartesian product of the stage's axes, then its include entries.</summary>
    private static IEnumerable<IReadOnlyList<GridAssignment>> Cells(GridStage stage)
    {
        IEnumerable<IReadOnlyList<GridAssignment>> cells = [[]];
        foreach (var axis in stage.Axes)
        {
            var a = axis;
            cells = cells.SelectMany(c => a.Values.Select(v => (IReadOnlyList<GridAssignment>)[.. c, new GridAssignment(a.Name, a.SpecPath, v)]));
        }
        return cells.Concat(stage.Include);
    }

    private static SpecOverlay Resolve(GridDefinition grid, GridStage stage, IReadOnlyList<GridAssignment> cell, YamlNodes yaml)
    {
        var overlay = new SpecOverlay(yaml);
        if (grid.Defaults is not null) overlay.ApplyMapping(grid.Defaults, "defaults");
        if (stage.Spec is not null) overlay.ApplyMapping(stage.Spec, $"stages.{stage.Name}.spec");
        foreach (var a in cell) overlay.Set(a.SpecPath, a.Value, $"stages.{stage.Name}.axes.{a.Name}");
        overlay.Root["stage"] = stage.Name;
        return overlay;
    }

    private static bool Excluded(GridStage stage, IReadOnlyList<GridAssignment> cell, SpecOverlay overlay, YamlNodes yaml)
    {
        if (stage.Include.Contains(cell)) return false;
        return stage.Exclude.Any(entry => entry.All(a =>
            SpecOverlay.Text(overlay.ConvertFor(a.SpecPath, a.Value, $"stages.{stage.Name}.exclude.{a.Name}")) ==
            SpecOverlay.Text(Lookup(overlay, a.SpecPath))));
    }

    private static System.Text.Json.Nodes.JsonNode? Lookup(SpecOverlay overlay, string path)
    {
        System.Text.Json.Nodes.JsonNode? node = overlay.Root;
        foreach (var part in path.Split('.')) node = node?[part];
        return node;
    }

    private static PlannedRun Build(GridDefinition grid, GridStage stage, IReadOnlyList<GridAssignment> cell,
        SpecOverlay overlay, Dictionary<string, List<PlannedRun>> byStage, PlannedRun? source, string sweepDir, List<string> missing)
    {
        var cellText = cell.ToDictionary(a => a.Name, a => a.Value.Value ?? "null");
        var name = RunName(stage.Name, cell);
        if (source is not null)
        {
            // The source run's cell values carry over (own axes win), so reports group it with the run it evaluates.
            foreach (var (k, v) in source.Cell) cellText.TryAdd(k, v);
            var sourcePart = source.Name[(source.Name.IndexOf('/') + 1)..];
            name = cell.Count == 0 ? $"{stage.Name}/{sourcePart}" : $"{name}/{sourcePart}";
        }
        overlay.Root["name"] = name;
        RunSpec spec;
        try
        {
            spec = Gvm.Core.Inputs.JsonInput.Deserialize<RunSpec>(
                System.Text.Encoding.UTF8.GetBytes(overlay.Root.ToJsonString()), GvmJson.Options, grid.File);
        }
        catch (Gvm.Core.Inputs.InputException e)
        {
            throw (overlay.MarkFor(e.Field) ?? stage.Mark).Error(e.Field, $"{e.Reason} (run {name})");
        }

        var needs = new List<string>();
        string? checkpointFrom = null;
        foreach (var need in stage.Needs.Where(n => n != stage.ForEach))
        {
            var matches = byStage[need].Where(r => SharedAxesAgree(r.Cell, cellText)).ToList();
            if (matches.Count != 1)
                throw stage.Mark.Error($"stages.{stage.Name}.needs",
                    $"run {name} matches {matches.Count} runs of stage '{need}' (they must agree on shared axes to give exactly one)");
            needs.Add(matches[0].RunId);
            checkpointFrom = matches[0].RunId;
        }
        if (source is not null)
        {
            needs.Add(source.RunId);
            checkpointFrom = source.RunId;
        }

        var hashed = checkpointFrom is null ? spec : spec with { Model = spec.Model with { Checkpoint = RunIds.DependencyPrefix + checkpointFrom } };
        var runId = RunIds.ForSpec(hashed);
        if (checkpointFrom is not null)
        {
            var final = Path.Combine(Path.GetFullPath(SweepLayout.RunDir(sweepDir, checkpointFrom)), RunFiles.Final);
            spec = spec with { Model = spec.Model with { Checkpoint = final } };
        }

        var errors = spec.Validate();
        if (errors.Count > 0)
        {
            var (field, message) = errors[0];
            throw (overlay.MarkFor(field) ?? stage.Mark).Error(field, $"{message} (run {name})");
        }
        // What can be checked before running: every file the run reads exists here (a checkpoint a need writes excepted).
        foreach (var (field, message) in RunInputs.Missing(spec, checkpointFromNeed: checkpointFrom is not null))
            missing.Add((overlay.MarkFor(field) ?? stage.Mark).Error(field, message).Message);

        var resources = new RunResources
        {
            Gpus = stage.Resources.Gpus,
            Cpus = stage.Resources.Cpus,
            MemoryMb = stage.Resources.MemoryMb,
            TimeoutSeconds = stage.Resources.TimeoutSeconds,
        };
        return new PlannedRun
        {
            RunId = runId, Name = name, Stage = stage.Name, Needs = needs, Cell = cellText,
            Resources = resources, Spec = spec, EstimatedSeconds = Math.Round(RunEstimator.EstimateSeconds(spec), 1),
        };
    }

    private static string RunName(string stage, IReadOnlyList<GridAssignment> cell)
    {
        var parts = new List<string> { stage };
        parts.AddRange(cell.Where(a => a.Name == "algorithm").Select(a => a.Value.Value ?? ""));
        parts.AddRange(cell.Where(a => a.Name != "algorithm").Select(a => $"{a.Name}={a.Value.Value}"));
        return string.Join("/", parts);
    }

    private static bool SharedAxesAgree(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.All(kv => !b.TryGetValue(kv.Key, out var v) || v == kv.Value);

    private static (List<ComparisonPair>, List<PairBudgetCheck>) Pairs(GridDefinition grid, List<PlannedRun> runs, List<string> warnings)
    {
        var pairs = new List<ComparisonPair>();
        var checks = new List<PairBudgetCheck>();
        foreach (var rule in grid.Pairs)
        {
            var before = pairs.Count;
            bool Shared(string key) => key != "algorithm" && !rule.AblatedAxes.Contains(key);
            foreach (var group in runs.GroupBy(r => (rule.AcrossStages ? "" : r.Stage) + "|" + CellKey(r.Cell, Shared)))
            {
                var baseline = group.FirstOrDefault(r => rule.Baseline.Matches(r.Spec.Algorithm, r.Stage, r.Cell));
                var candidate = group.FirstOrDefault(r => rule.Candidate.Matches(r.Spec.Algorithm, r.Stage, r.Cell));
                if (baseline is null || candidate is null) continue;
                var pair = new ComparisonPair
                {
                    Name = rule.Name, Baseline = rule.Baseline.Algorithm, Candidate = rule.Candidate.Algorithm,
                    BaselineLabel = rule.Baseline.Label, CandidateLabel = rule.Candidate.Label,
                    BaselineRunId = baseline.RunId, CandidateRunId = candidate.RunId, Seed = baseline.Spec.Seed,
                    Cell = baseline.Cell.Where(kv => Shared(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value),
                };
                pairs.Add(pair);
                checks.Add(PairBudgetCheck.Check(pair, baseline.Spec, candidate.Spec));
            }
            if (pairs.Count == before) warnings.Add($"pair '{rule.Name}' matched no runs");
        }
        return (pairs, checks);
    }

    private static string CellKey(IReadOnlyDictionary<string, string> cell, Func<string, bool> keep) =>
        string.Join(",", cell.Where(kv => keep(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}
