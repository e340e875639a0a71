// Report and Benchmark.
Task("Report")
    .IsDependentOn("Build")
    .Does<BuildData>(data =>
{
    var sweepDir = string.IsNullOrEmpty(data.SweepDir) ? "sweeps/smoke" : data.SweepDir;
    RunGvm(data, $"report {Quote(sweepDir)}");
});
