// Plan and Sweep: thin wrappers over `gvm plan` and `gvm sweep` (the logic lives in src/Gvm.Orchestration).

/// <summary>The sweep directory: --sweep-dir, else sweeps/&lt;grid file name without extension&gt;.</summary>
public string SweepDirOf(BuildData data) =>
    MakeAbsolute(Directory(string.IsNullOrEmpty(data.SweepDir)
        ? "./sweeps/" + System.IO.Path.GetFileNameWithoutExtension(data.Grid)
        : data.SweepDir)).FullPath;

/// <summary>The sweep options shared by `gvm sweep` and `gvm bench all` (backend, tracking, slots, fail-fast).</summary>
public List<string> SweepOptions(BuildData data)
{
    var a = new List<string> { "--backend", data.Backend };
    a.AddRange(TrackingOptions(data));
    if (!string.IsNullOrEmpty(data.Parallel)) a.AddRange(new[] { "--parallel", data.Parallel });
    if (!string.IsNullOrEmpty(data.Gpus)) a.AddRange(new[] { "--gpus", data.Gpus });
    if (data.FailFast) a.Add("--fail-fast");
    return a;
}

/// <summary>"--tracking-uri URL" when --tracking-uri (or MLFLOW_TRACKING_URI) was given.</summary>
public string[] TrackingOptions(BuildData data) =>
    string.IsNullOrEmpty(data.TrackingUri) ? new string[0] : new[] { "--tracking-uri", data.TrackingUri };

Task("Plan")
    .Description("Prints the runs, stages, pairs, budget checks and time estimate of --grid")
    .IsDependentOn("Build")
    .Does<BuildData>(data => RunGvm(data, CommandArgs("plan", data.Grid, "--sweep-dir", SweepDirOf(data))));

Task("Sweep")
    .Description("Runs the grid (default: experiments/smoke.yaml on CPU) and compiles its report")
    .IsDependentOn("Build")
    .Does<BuildData>(data =>
{
    var sweepDir = SweepDirOf(data);
    // Resumable: running it again skips succeeded runs and re-attaches to live ones.
    var sweep = new List<string> { "sweep", data.Grid, "--sweep-dir", sweepDir };
    sweep.AddRange(SweepOptions(data));
    var code = RunGvm(data, CommandArgs(sweep.ToArray()), throwOnError: false);
    var report = RunGvm(data, CommandArgs(new[] { "report", sweepDir }.Concat(TrackingOptions(data)).ToArray()), throwOnError: false);
    Information($"Sweep directory: {sweepDir} (plan.json, ledger.db, runs/<run_id>/, tracking/)");
    Information($"Report: {System.IO.Path.Combine(sweepDir, "comparison.md")} (CSV tables and plots/ beside it){(report != 0 ? $" (gvm report exited {report})" : "")}");
    if (code != 0) throw new Exception($"gvm sweep exited {code}; rerun the same command to resume");
});
