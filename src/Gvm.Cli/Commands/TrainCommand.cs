using System.CommandLine;
using Gvm.Core.Runs;
using Gvm.Training.Trainer;

namespace Gvm.Cli.Commands;

internal static class TrainCommand
{
    public static Command Create()
    {
        var command = new Command("train", "Run one trainer run: gvm train --spec run.json --out RUN_DIR");
        var spec = new Option<FileInfo>("--spec") { Description = "Run spec (JSON, snake_case; see docs/trainer.md)", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Run directory (created; an existing checkpoint is resumed)", Required = true };
        var stopAfter = new Option<int>("--stop-after")
        {
            Description = "Checkpoint and exit 130 after this many steps in this process (simulates an interruption; 0 = off)",
            DefaultValueFactory = _ => 0,
        };
        command.Options.Add(spec);
        command.Options.Add(output);
        command.Options.Add(stopAfter);
        command.SetAction((parse, ct) => Task.Run(() => Run(parse.GetValue(spec)!, parse.GetValue(output)!, parse.GetValue(stopAfter), ct), ct));
        return command;
    }

    private static int Run(FileInfo specFile, DirectoryInfo outDir, int stopAfter, CancellationToken ct)
    {
        RunSpec spec;
        try
        {
            if (!specFile.Exists) throw new RunSpecException(specFile.FullName, "", "file not found");
            spec = RunSpec.Load(specFile.FullName).EnsureValid(specFile.FullName);
        }
        catch (RunSpecException e)
        {
            Console.Error.WriteLine($"gvm train: invalid spec: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        return new TrainerRun(spec, outDir.FullName, new TrainerRunOptions { StopAfterSteps = stopAfter }).Run(ct);
    }
}
