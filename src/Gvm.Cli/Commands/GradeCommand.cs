using System.CommandLine;
using Gvm.Core.Inputs;
using Gvm.Core.IO;
using Gvm.Reasoning.Grading;

namespace Gvm.Cli.Commands;

/// <summary><c>gvm grade FILE.jsonl [--out VERDICTS.jsonl]</c>: accuracy, and agreement with <c>equal</c> labels.</summary>
internal static class GradeCommand
{
    public static Command Create()
    {
        var command = new Command("grade", "Grade model answers against reference answers (JSONL: gold + response or pred)");
        var file = new Argument<string>("file") { Description = "JSON Lines file; each line has gold and response (full output) or pred (extracted answer)" };
        var output = new Option<string?>("--out") { Description = "Write one {\"id\",\"extracted\",\"equal\"} line per input line" };
        var goldField = new Option<string>("--gold-field") { Description = "Field with the reference answer", DefaultValueFactory = _ => "gold" };
        var responseField = new Option<string>("--response-field") { Description = "Field with the full model output", DefaultValueFactory = _ => "response" };
        var predField = new Option<string>("--pred-field") { Description = "Field with an already extracted answer", DefaultValueFactory = _ => "pred" };
        var strict = new Option<bool>("--strict") { Description = "Strict extraction: no last-number/last-math fallback" };
        var showDisagreements = new Option<bool>("--show-disagreements") { Description = "List lines whose verdict differs from their equal label" };
        command.Arguments.Add(file);
        foreach (var o in new Option[] { output, goldField, responseField, predField, strict, showDisagreements }) command.Options.Add(o);
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var path = parse.GetValue(file)!;
            var outPath = parse.GetValue(output);
            if (outPath is not null) InputFiles.CheckOutputFile(outPath, "--out"); // before grading: a bad path costs nothing
            var options = new GradeFileOptions
            {
                GoldField = parse.GetValue(goldField)!,
                ResponseField = parse.GetValue(responseField)!,
                PredField = parse.GetValue(predField)!,
                Grading = GradeOptions.Default with { StrictExtraction = parse.GetValue(strict) },
            };
            // Bad lines, an empty file or a missing one throw InputException (exit 2, file:line: field) before --out is written.
            var (verdicts, summary) = await GradeFile.GradeAsync(path, options, ct).ConfigureAwait(false);
            if (outPath is not null)
                await AtomicFile.WriteAllTextAsync(outPath, string.Concat(verdicts.Select(v => GradeFile.VerdictLine(v) + "\n")), ct).ConfigureAwait(false);
            Console.WriteLine($"graded: {summary.Lines}");
            Console.WriteLine($"accuracy: {summary.Correct}/{summary.Lines} = {summary.Accuracy:P2}");
            if (summary.Labelled > 0)
                Console.WriteLine($"agreement with 'equal': {summary.Agreeing}/{summary.Labelled} = {summary.Agreement:P2}");
            if (parse.GetValue(showDisagreements))
                foreach (var v in verdicts.Where(v => v.Expected is { } e && e != v.Equal))
                    Console.WriteLine($"  {v.Id?.ToJsonString()}: expected {v.Expected}, got {v.Equal}; extracted {v.Extracted}{(v.Why is null ? "" : "; " + v.Why)}");
            return 0;
        });
        return command;
    }
}
