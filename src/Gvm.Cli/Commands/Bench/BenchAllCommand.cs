using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Gvm.Core.IO;
using Gvm.Core.Runs;
using Gvm.Core.Sweeps;
using Gvm.Tracking.Sweeps;

namespace Gvm.Cli.Commands.Bench;

/// <summary>
/// <c>gvm bench all --out artifacts/benchmark.md</c>: every benchmark command, then a comparison sweep and its report,
/// each in a child <c>gvm</c> process, folded into one Markdown file (what the Benchmark Cake target and the nightly
/// workflow keep). Exit 0 when every step succeeded, 1 when any failed (the file is written either way, naming them).
/// </summary>
internal static class BenchAllCommand
{
    public static readonly IReadOnlyList<string> Benches = ["allocate", "model", "grade", "tokenizer", "tracking", "scheduler"];

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Markdown file to write", DefaultValueFactory = _ => Path.Combine("artifacts", "benchmark.md") };
        var benches = new Option<string>("--benches") { Description = $"Benchmarks to run, comma-separated (default: all of {string.Join(",", Benches)}; '' for none)", DefaultValueFactory = _ => string.Join(",", Benches) };
        var timeout = new Option<double>("--bench-timeout") { Description = "Minutes one benchmark may take before it is stopped", DefaultValueFactory = _ => 20 };
        var grid = new Option<string>("--grid") { Description = "Grid of the comparison sweep", DefaultValueFactory = _ => "experiments/smoke.yaml" };
        var noSweep = new Option<bool>("--no-sweep") { Description = "Skip the comparison sweep and its report" };
        var sweepDir = new Option<string?>("--sweep-dir") { Description = "Sweep directory (default: benchmark-sweep beside --out)" };
        var backend = new Option<string?>("--backend") { Description = $"Launcher of the sweep: {Orchestration.Launchers.RunLaunchers.Shipped.Choices}" };
        var tracking = new Option<string?>("--tracking-uri") { Description = "MLflow tracking URI of the sweep and report (default: MLFLOW_TRACKING_URI)" };
        var parallel = new Option<int?>("--parallel") { Description = "Runs at once" };
        var gpus = new Option<string?>("--gpus") { Description = "GPU ids, e.g. 0,1" };
        var failFast = new Option<bool>("--fail-fast") { Description = "Stop the sweep at the first run that fails for good" };

        var command = new Command("all", "Every benchmark, a comparison sweep and its report, written as one Markdown file");
        foreach (var o in new Option[] { output, benches, timeout, grid, noSweep, sweepDir, backend, tracking, parallel, gpus, failFast }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var names = parse.GetValue(benches)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (names.FirstOrDefault(n => !Benches.Contains(n)) is { } unknown)
            {
                Console.Error.WriteLine($"gvm bench all: --benches: unknown benchmark '{unknown}'; known: {string.Join(", ", Benches)}");
                return ExitCodes.InvalidInput;
            }
            if (parse.GetValue(timeout) <= 0)
            {
                Console.Error.WriteLine("gvm bench all: --bench-timeout must be > 0 minutes");
                return ExitCodes.InvalidInput;
            }
            var outFile = Path.GetFullPath(parse.GetValue(output)!);
            var outDir = Path.GetDirectoryName(outFile)!;
            Directory.CreateDirectory(outDir);

            var steps = new List<(string Name, BenchStep Step)>();
            foreach (var name in names)
            {
                Console.Error.WriteLine($"gvm bench all: gvm bench {name}");
                steps.Add((name, await GvmChildProcess.RunAsync(["bench", name], TimeSpan.FromMinutes(parse.GetValue(timeout)), ct).ConfigureAwait(false)));
            }

            string? gridName = null;
            BenchStep? sweep = null, report = null;
            IReadOnlyList<string>? comparison = null;
            var dir = Path.GetFullPath(parse.GetValue(sweepDir) ?? Path.Combine(outDir, "benchmark-sweep"));
            if (!parse.GetValue(noSweep))
            {
                gridName = parse.GetValue(grid)!;
                var uri = parse.GetValue(tracking);
                var args = new List<string> { "sweep", gridName, "--sweep-dir", dir };
                if (parse.GetValue(backend) is { } b) args.AddRange(["--backend", b]);
                if (!string.IsNullOrEmpty(uri)) args.AddRange(["--tracking-uri", uri]);
                if (parse.GetValue(parallel) is { } p) args.AddRange(["--parallel", p.ToString(CultureInfo.InvariantCulture)]);
                if (parse.GetValue(gpus) is { } g) args.AddRange(["--gpus", g]);
                if (parse.GetValue(failFast)) args.Add("--fail-fast");
                Console.Error.WriteLine($"gvm bench all: gvm sweep {gridName} -> {dir}");
                sweep = await GvmChildProcess.RunAsync(args, null, ct).ConfigureAwait(false); // runs carry their own timeouts
                if (File.Exists(Path.Combine(dir, SweepLayout.PlanFile)))
                {
                    List<string> reportArgs = ["report", dir];
                    if (!string.IsNullOrEmpty(uri)) reportArgs.AddRange(["--tracking-uri", uri]);
                    report = await GvmChildProcess.RunAsync(reportArgs, TimeSpan.FromMinutes(15), ct).ConfigureAwait(false);
                    var md = Path.Combine(dir, "comparison.md");
                    if (File.Exists(md)) comparison = await File.ReadAllLinesAsync(md, ct).ConfigureAwait(false);
                }
            }

            var header = new[]
            {
                string.Create(CultureInfo.InvariantCulture, $"date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {Commit()}"),
                $"machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}",
                "timings are wall-clock on this machine; other work on it makes them noisy",
            };
            var text = BenchmarkMarkdown.Build(header, steps, gridName, sweep, report, comparison, Path.GetRelativePath(outDir, dir).Replace('\\', '/'));
            await AtomicFile.WriteAllTextAsync(outFile, text, ct).ConfigureAwait(false);
            var failed = steps.Count(s => !s.Step.Succeeded) + (sweep is { Succeeded: false } ? 1 : 0) + (gridName is not null && report is not { Succeeded: true } ? 1 : 0);
            Console.WriteLine($"wrote {outFile}{(failed > 0 ? $" ({failed} failed step(s) named in it)" : "")}");
            return failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static string Commit() => GitCommit.TryRead(Directory.GetCurrentDirectory()) is { Length: >= 12 } sha ? sha[..12] : "unknown";
}
