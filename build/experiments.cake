// Plan and Sweep: thin wrappers over `gvm plan` and `gvm sweep` (the logic lives in src/Gvm.Orchestration).

/// <summary>The sweep directory: --sweep-dir, else sweeps/&lt;grid file name without extension&gt;.</summary>
public string SweepDirOf(BuildData data) =>
    MakeAbsolute(Directory(string.IsNullOrEmpty(data.SweepDir)
        ? "./sweeps/" + System.IO.Path.GetFileNameWithoutExtension(data.Grid)
        : data.SweepDir)).FullPath;

/// <summary>`gvm sweep` arguments from the Cake arguments (grid, backend, tracking, slots, fail-fast).</summary>
public string SweepArguments(BuildData data, string sweepDir = null)
{
    var a = new List<string> { Quote(data.Grid), "--backend", data.Backend, "--sweep-dir", Quote(sweepDir ?? SweepDirOf(data)) };
    if (!string.IsNullOrEmpty(data.TrackingUri)) a.AddRange(new[] { "--tracking-uri", Quote(data.TrackingUri) });
    if (!string.IsNullOrEmpty(data.Parallel)) a.AddRange(new[] { "--parallel", data.Parallel });
    if (!string.IsNullOrEmpty(data.Gpus)) a.AddRange(new[] { "--gpus", data.Gpus });
    if (data.FailFast) a.Add("--fail-fast");
    return string.Join(" ", a);
}

/// <summary>" --tracking-uri URL" when --tracking-uri was given, else "".</summary>
public string TrackingArgument(BuildData data) =>
    string.IsNullOrEmpty(data.TrackingUri) ? "" : $" --tracking-uri {Quote(data.TrackingUri)}";

Task("Plan")
    .Description("Prints the runs, stages, pairs, budget checks and time estimate of --grid")
    .IsDependentOn("Build")
    .Does<BuildData>(data => RunGvm(data, $"plan {Quote(data.Grid)} --sweep-dir {Quote(SweepDirOf(data))}"));

Task("Sweep")
    .Description("Runs the grid (default: experiments/smoke.yaml on CPU) and compiles its report")
    .IsDependentOn("Build")
    .Does<BuildData>(data =>
{
    var sweepDir = SweepDirOf(data);
    // Resumable: running it again skips succeeded runs and re-attaches to live ones.
    var code = RunGvm(data, $"sweep {SweepArguments(data)}", throwOnError: false);
    var report = RunGvm(data, $"report {Quote(sweepDir)}{TrackingArgument(data)}", throwOnError: false);
    Information($"Sweep directory: {sweepDir} (plan.json, ledger.db, runs/<run_id>/, tracking/)");
    Information($"Report: {System.IO.Path.Combine(sweepDir, "comparison.md")} (CSV tables and plots/ beside it){(report != 0 ? $" (gvm report exited {report})" : "")}");
    if (code != 0) throw new Exception($"gvm sweep exited {code}; rerun the same command to resume");
});
