// Plan and Sweep: thin wrappers over `gvm plan` and `gvm sweep`.
public string SweepArguments(BuildData data)
{
    var a = new List<string> { Quote(data.Grid), "--backend", data.Backend };
    if (!string.IsNullOrEmpty(data.TrackingUri)) a.AddRange(new[] { "--tracking-uri", Quote(data.TrackingUri) });
    if (!string.IsNullOrEmpty(data.SweepDir)) a.AddRange(new[] { "--sweep-dir", Quote(data.SweepDir) });
    if (!string.IsNullOrEmpty(data.Parallel)) a.AddRange(new[] { "--parallel", data.Parallel });
    if (!string.IsNullOrEmpty(data.Gpus)) a.AddRange(new[] { "--gpus", data.Gpus });
    if (data.FailFast) a.Add("--fail-fast");
    return string.Join(" ", a);
}

Task("Plan")
    .IsDependentOn("Build")
    .Does<BuildData>(data => RunGvm(data, $"plan {Quote(data.Grid)}"));

Task("Sweep")
    .Description("Runs the grid (default: experiments/smoke.yaml on CPU) and compiles its report")
    .IsDependentOn("Build")
    .Does<BuildData>(data =>
{
    // Until the orchestrator lands this only proves the CLI runs.
    RunGvm(data, "--help");
});
