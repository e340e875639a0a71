// Report and Benchmark: thin wrappers over `gvm report` and `gvm bench ...`.

Task("Report")
    .Description("Compiles the comparison report of a sweep (--sweep-dir, default sweeps/smoke)")
    .IsDependentOn("Build")
    .Does<BuildData>(data =>
{
    var sweepDir = string.IsNullOrEmpty(data.SweepDir) ? "sweeps/smoke" : data.SweepDir;
    RunGvm(data, $"report {Quote(sweepDir)}");
});

// The benchmark commands of the project, each printing a Markdown table on stdout.
public static readonly string[] BenchCommands = { "allocate", "model", "grade", "tokenizer", "tracking", "scheduler" };
public const int BenchTimeoutMinutes = 20;

/// <summary>Runs `gvm ARGS` capturing stdout and stderr; never throws on a failing command (exit -1 on timeout;
/// timeoutMinutes 0 = no limit, for sweeps, whose runs carry their own timeouts).</summary>
public (int Code, List<string> Stdout, List<string> Stderr, TimeSpan Elapsed) CaptureGvm(BuildData data, string arguments, int timeoutMinutes)
{
    var watch = System.Diagnostics.Stopwatch.StartNew();
    IEnumerable<string> stdout, stderr;
    var settings = new ProcessSettings
    {
        Arguments = $"\"{GvmDll(data)}\" {arguments}",
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    if (timeoutMinutes > 0) settings.Timeout = timeoutMinutes * 60 * 1000;
    var code = StartProcess("dotnet", settings, out stdout, out stderr);
    return (code, stdout.ToList(), stderr.ToList(), watch.Elapsed);
}

public static string Tail(IEnumerable<string> lines, int count) => string.Join("\n", lines.Reverse().Take(count).Reverse());

Task("Benchmark")
    .Description("Runs every `gvm bench` command and the smoke comparison; writes artifacts/benchmark.md")
    .IsDependentOn("Build")
    .Does<BuildData>(data =>
{
    EnsureDirectoryExists(data.ArtifactsDir);
    var md = new System.Text.StringBuilder();
    var failures = new List<string>();
    IEnumerable<string> sha;
    StartProcess("git", new ProcessSettings { Arguments = "rev-parse --short HEAD", RedirectStandardOutput = true }, out sha);
    md.AppendLine("# GvmExperiments benchmark").AppendLine();
    var summaryAt = md.Length;
    md.AppendLine($"- date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {sha.FirstOrDefault() ?? "?"}");
    md.AppendLine($"- machine: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, torch backend {data.TorchBackend}");
    md.AppendLine("- timings are wall-clock on this machine; other work on it makes them noisy").AppendLine();

    foreach (var bench in BenchCommands)
    {
        Information($"gvm bench {bench}");
        var r = CaptureGvm(data, $"bench {bench}", BenchTimeoutMinutes);
        md.AppendLine($"## gvm bench {bench}").AppendLine();
        if (r.Code == 0)
        {
            md.AppendLine(string.Join("\n", r.Stdout).Trim()).AppendLine();
        }
        else
        {
            failures.Add($"bench {bench}");
            md.AppendLine($"**failed** (exit {r.Code}, {r.Elapsed.TotalSeconds:0} s). Last output:").AppendLine();
            md.AppendLine("```").AppendLine(Tail(r.Stdout.Concat(r.Stderr), 15)).AppendLine("```").AppendLine();
        }
        md.AppendLine($"_{r.Elapsed.TotalSeconds:0.0} s_").AppendLine();
    }

    // The smoke comparison: run the grid, then its report; the report's Markdown is folded in below.
    var sweepName = "benchmark-sweep";
    var sweepDir = string.IsNullOrEmpty(data.SweepDir) ? System.IO.Path.Combine(data.ArtifactsDir, sweepName) : MakeAbsolute(Directory(data.SweepDir)).FullPath;
    md.AppendLine($"## Smoke comparison: {data.Grid}").AppendLine();
    Information($"gvm sweep {data.Grid} -> {sweepDir}");
    var sweep = CaptureGvm(data, $"sweep {SweepArguments(data, sweepDir)}", 0);
    md.AppendLine($"`gvm sweep {data.Grid}` exit {sweep.Code} after {sweep.Elapsed.TotalMinutes:0.0} min.").AppendLine();
    if (sweep.Code != 0)
    {
        failures.Add("sweep");
        md.AppendLine("```").AppendLine(Tail(sweep.Stdout.Concat(sweep.Stderr), 15)).AppendLine("```").AppendLine();
    }
    var report = System.IO.File.Exists(System.IO.Path.Combine(sweepDir, "plan.json"))
        ? CaptureGvm(data, $"report {Quote(sweepDir)}{TrackingArgument(data)}", 15)
        : (Code: -2, Stdout: new List<string>(), Stderr: new List<string> { "no plan.json: the sweep did not start" }, Elapsed: TimeSpan.Zero);
    var comparison = System.IO.Path.Combine(sweepDir, "comparison.md");
    if (report.Code == 0 && System.IO.File.Exists(comparison))
    {
        var rel = System.IO.Path.GetRelativePath(data.ArtifactsDir, sweepDir).Replace('\\', '/');
        // Demote the report's headings under this section and point its images at the sweep directory.
        foreach (var line in System.IO.File.ReadAllLines(comparison))
            md.AppendLine((line.StartsWith("#") ? "##" + line : line).Replace("](plots/", $"]({rel}/plots/"));
    }
    else
    {
        failures.Add("report");
        md.AppendLine($"`gvm report` **failed** (exit {report.Code}):").AppendLine();
        md.AppendLine("```").AppendLine(Tail(report.Stdout.Concat(report.Stderr), 15)).AppendLine("```").AppendLine();
    }

    md.Insert(summaryAt, failures.Count == 0 ? "" : $"> {failures.Count} step(s) failed: {string.Join(", ", failures)}\n\n");
    var output = System.IO.Path.Combine(data.ArtifactsDir, "benchmark.md");
    System.IO.File.WriteAllText(output, md.ToString());
    Information($"wrote {output}" + (failures.Count == 0 ? "" : $" ({failures.Count} failed step(s) noted in it)"));
});
