using System.CommandLine;
using System.Globalization;
using Gvm.Core.Allocation;
using Gvm.Core.Allocation.Files;
using Gvm.Core.Inputs;
using Gvm.Core.IO;

namespace Gvm.Cli.Commands;

/// <summary>
/// <c>gvm allocate STATS.jsonl --budget N</c>: GVM sample sizes for a researcher's own presampling statistics
/// (docs/allocation.md). Sample sizes go to stdout (or --output); a one-line summary goes to stderr.
/// Exit codes: 0 ok, 2 bad input (the message names the file, line and field).
/// </summary>
internal static class AllocateCommand
{
    public static Command Create()
    {
        var stats = new Argument<string>("STATS") { Description = "JSON Lines file of {\"accept_rate\": p, \"grad_norm\": G[, \"id\": ...]} per prompt ('-' = stdin)" };
        // --budget and --format are checked in the action, not by the parser, so that bad values exit 2 like bad files.
        var budget = new Option<int?>("--budget") { Description = "Total samples to spread over the prompts (required)" };
        var alpha = new Option<double>("--alpha") { Description = "α of the GVM rule", DefaultValueFactory = _ => GvmAllocationOptions.DefaultAlpha };
        var beta = new Option<double>("--beta") { Description = "β of the GVM rule", DefaultValueFactory = _ => GvmAllocationOptions.DefaultBeta };
        var threshold = new Option<double>("--filter-threshold") { Description = "Drop prompts with accept_rate above this (0 = off)" };
        var insufficient = new Option<double>("--filter-insufficient") { Description = "Drop prompts whose expected accepted count p·n is below this (0 = off)" };
        var worldSize = new Option<int>("--world-size") { Description = "Raise the total to a multiple of this data-parallel world size", DefaultValueFactory = _ => 1 };
        var format = new Option<string>("--format") { Description = "json (a list, as the authors' sample_sizes) or csv (id,n)", DefaultValueFactory = _ => "json" };
        var min = new Option<int>("--min-per-prompt") { Description = "Least samples per prompt kept by the rule (0 = off)" };
        var max = new Option<int>("--max-per-prompt") { Description = "Most samples per prompt (0 = off)" };
        var floor = new Option<int>("--exploration-floor") { Description = "Samples for each prompt with accept_rate 0 (0 = off)" };
        var capPerPrompt = new Option<int>("--cap-per-prompt") { Description = "N samples per prompt: caps the budget at prompts × N, the authors' cap (0 = no cap)" };
        var cap = new Option<int>("--budget-cap") { Description = "Explicit cap on the total budget (0 = the --cap-per-prompt rule)" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the sample sizes to this file instead of stdout" };

        var command = new Command("allocate", "Allocate a sampling budget across prompts with the GVM rule n_i ∝ G_i / sqrt(p_i + α/p_i^(β-1))");
        command.Arguments.Add(stats);
        foreach (var o in new Option[] { budget, alpha, beta, threshold, insufficient, worldSize, format, min, max, floor, capPerPrompt, cap, output })
            command.Options.Add(o);

        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(stats)!,
            parse.GetValue(budget),
            new GvmAllocationOptions
            {
                Alpha = parse.GetValue(alpha),
                Beta = parse.GetValue(beta),
                FilterThreshold = parse.GetValue(threshold),
                FilterInsufficient = parse.GetValue(insufficient),
                WorldSize = parse.GetValue(worldSize),
                MinPerPrompt = parse.GetValue(min),
                MaxPerPrompt = parse.GetValue(max),
                ExplorationFloor = parse.GetValue(floor),
                CapPerPrompt = parse.GetValue(capPerPrompt),
                BudgetCap = parse.GetValue(cap),
            },
            parse.GetValue(format),
            parse.GetValue(output),
            ct));
        return command;
    }

    /// <summary>Bad options and files throw <see cref="InputException"/> (exit 2 in GvmApp) before anything is written.</summary>
    internal static async Task<int> RunAsync(string statsPath, int? budget, GvmAllocationOptions options, string? formatName,
        string? outputPath, CancellationToken cancellationToken)
    {
        if (budget is null) throw InputException.Option("--budget", "is required");
        if (budget < 0) throw InputException.Option("--budget", $"must be >= 0, got {budget}");
        if (formatName is not ("json" or "csv")) throw InputException.Option("--format", $"must be 'json' or 'csv', got '{formatName}'");
        var format = formatName == "csv" ? SampleSizesFormat.Csv : SampleSizesFormat.Json;
        var errors = options.Validate();
        if (errors.Count > 0) throw InputException.Option($"--{errors[0].Field.Replace('_', '-')}", string.Join("; ", errors.Select(e => $"--{e.Field.Replace('_', '-')}: {e.Message}")));
        if (outputPath is not null) InputFiles.CheckOutputFile(outputPath, "--output");

        await using var input = statsPath == "-" ? Console.OpenStandardInput() : InputFiles.OpenRead(statsPath);
        var source = JsonLinesInput.SourceName(statsPath);
        AllocateFromStatsResult result;
        try
        {
            // Sample sizes are written only after the whole file was read and allocated: a bad line writes nothing.
            using var buffer = new MemoryStream();
            result = await AllocateFromStats.RunAsync(input, source, buffer, budget.Value, options, format, cancellationToken).ConfigureAwait(false);
            if (outputPath is null)
            {
                await using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                AtomicFile.WriteAllBytes(outputPath, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            }
        }
        catch (AllocationException e)
        {
            throw new InputException(source, 0, "--budget", e.Message, e);
        }
        Console.Error.WriteLine(Describe(result));
        return 0;
    }

    private static string Describe(AllocateFromStatsResult r)
    {
        var s = r.Summary;
        var a = r.Allocation;
        return string.Create(CultureInfo.InvariantCulture,
            $"gvm allocate: {s.Prompts} prompts, budget {a.Budget}, total {s.Total} (unallocated {a.Unallocated}, alignment +{a.AlignmentAdded}), " +
            $"n min {s.Min} max {s.Max} gini {s.Gini:F3}, zero {s.ZeroCount}, singleton {s.SingletonCount}, " +
            $"filtered {a.FilteredByThreshold} by threshold + {a.FilteredInsufficient} insufficient, explored {a.Explored}, " +
            $"predicted variance ratio uniform/gvm {r.PredictedVarianceRatio:F3}");
    }
}
