using System.CommandLine;
using System.Globalization;
using Gvm.Core.Runs;
using Gvm.Reporting;

namespace Gvm.Cli.Commands;

/// <summary><c>gvm report SWEEP_DIR</c>: comparison tables, speedups, fairness checks and plots (logic in Gvm.Reporting).</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var sweepDir = new Argument<string>("sweep-dir") { Description = "Sweep directory holding plan.json and runs/" };
        var targets = new Option<string>("--targets")
        {
            Description = "Fractions X of the baseline's gain, comma-separated",
            DefaultValueFactory = _ => "0.5,0.8,0.9,1.0",
        };
        var resamples = new Option<int>("--bootstrap-resamples") { Description = "Bootstrap resamples", DefaultValueFactory = _ => new ReportOptions().BootstrapResamples };
        var seed = new Option<int>("--bootstrap-seed") { Description = "Seed of the bootstrap's System.Random", DefaultValueFactory = _ => new ReportOptions().BootstrapSeed };
        var noPlots = new Option<bool>("--no-plots") { Description = "Skip the PNG plots" };
        var command = new Command("report", "Compile the comparison report of a sweep");
        command.Arguments.Add(sweepDir);
        command.Options.Add(targets);
        command.Options.Add(resamples);
        command.Options.Add(seed);
        command.Options.Add(noPlots);
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            if (!TryParseFractions(parse.GetValue(targets)!, out var fractions))
            {
                Console.Error.WriteLine("gvm report: --targets: expected comma-separated numbers such as 0.5,0.8,0.9,1.0");
                return ExitCodes.InvalidInput;
            }
            var options = new ReportOptions
            {
                Fractions = fractions,
                BootstrapResamples = parse.GetValue(resamples),
                BootstrapSeed = parse.GetValue(seed),
                Plots = !parse.GetValue(noPlots),
            };
            var errors = options.Validate();
            if (errors.Count > 0)
            {
                foreach (var (field, message) in errors) Console.Error.WriteLine($"gvm report: {field}: {message}");
                return ExitCodes.InvalidInput;
            }
            var dir = parse.GetValue(sweepDir)!;
            try
            {
                var result = await SweepReporter.RunAsync(dir, options, ct).ConfigureAwait(false);
                Console.WriteLine($"report: {result.Runs} runs ({result.IncompleteRuns} incomplete), {result.FairnessFlags} fairness flag(s)");
                foreach (var f in result.Files) Console.WriteLine($"  {Path.GetRelativePath(dir, f)}");
                return ExitCodes.Success;
            }
            catch (ReportInputException e)
            {
                Console.Error.WriteLine($"gvm report: {e.Message}");
                return ExitCodes.InvalidInput;
            }
        });
        return command;
    }

    private static bool TryParseFractions(string text, out double[] fractions)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        fractions = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out fractions[i])) return false;
        return parts.Length > 0;
    }
}
