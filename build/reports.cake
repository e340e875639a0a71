// Report and Benchmark: thin wrappers over `gvm report` and `gvm bench all` (the Markdown is assembled in gvm).

Task("Report")
    .Description("Compiles the comparison report of the sweep of --grid (or --sweep-dir) and attaches it to its MLflow parent run")
    .IsDependentOn("Build")
    .Does<BuildData>(data => RunGvm(data, CommandArgs(new[] { "report", SweepDirOf(data) }.Concat(TrackingOptions(data)).ToArray())));

Task("Benchmark")
    .Description("Runs every `gvm bench` command, then a sweep of --grid and its report, into artifacts/benchmark.md (gvm bench all)")
    .IsDependentOn("Build")
    .Does<BuildData>(data =>
{
    var output = System.IO.Path.Combine(data.ArtifactsDir, "benchmark.md");
    var sweepDir = string.IsNullOrEmpty(data.SweepDir) ? System.IO.Path.Combine(data.ArtifactsDir, "benchmark-sweep") : SweepDirOf(data);
    var args = new List<string> { "bench", "all", "--out", output, "--grid", data.Grid, "--sweep-dir", sweepDir };
    args.AddRange(SweepOptions(data));
    var code = RunGvm(data, CommandArgs(args.ToArray()), throwOnError: false);
    // Failed steps are named in the file; the target still succeeds so the nightly job keeps what was measured.
    if (code != 0) Warning($"gvm bench all exited {code}: see the failed steps named at the top of {output}");
});
