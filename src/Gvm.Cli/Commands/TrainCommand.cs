using System.CommandLine;
using Gvm.Core.Inputs;
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
        var device = new Option<string?>("--device")
        {
            Description = "Overrides model.device of the spec (cpu, cuda, cuda:N); the run directory's spec.json records the result",
        };
        var dtype = new Option<string?>("--dtype") { Description = "Overrides model.dtype of the spec (float32, bfloat16, float16)" };
        var allowChange = new Option<bool>("--allow-spec-change")
        {
            Description = "Resume RUN_DIR even though the spec differs from the one it was started with (recorded in spec_history.jsonl)",
        };
        var heartbeat = new Option<double>("--heartbeat")
        {
            Description = "Seconds between status.json heartbeats (a timer, independent of steps)", DefaultValueFactory = _ => 10,
        };
        foreach (var o in new Option[] { spec, output, stopAfter, device, dtype, allowChange, heartbeat }) command.Options.Add(o);
        command.SetAction((parse, ct) =>
        {
            if (!(parse.GetValue(heartbeat) is > 0 and <= 3600)) throw InputException.Option("--heartbeat", "must be in (0, 3600] seconds");
            var options = new TrainerRunOptions
            {
                StopAfterSteps = parse.GetValue(stopAfter), AllowSpecChange = parse.GetValue(allowChange),
                HeartbeatInterval = TimeSpan.FromSeconds(parse.GetValue(heartbeat)),
            };
            return Task.Run(() => Run(parse.GetValue(spec)!, parse.GetValue(output)!, options, parse.GetValue(device), parse.GetValue(dtype), ct), ct);
        });
        return command;
    }

    /// <summary>An invalid spec or --out throws <see cref="InputException"/> (exit 2 in GvmApp) before anything is written.</summary>
    private static int Run(FileInfo specFile, DirectoryInfo outDir, TrainerRunOptions options, string? device, string? dtype, CancellationToken ct)
    {
        var spec = RunSpec.Load(specFile.FullName).EnsureValid(specFile.FullName);
        var dtypeValue = spec.Model.Dtype;
        if (dtype is not null && !SnakeCaseEnum<ModelDtype>.TryParse(dtype, out dtypeValue))
            throw InputException.Option("--dtype", SnakeCaseEnum<ModelDtype>.Unknown(dtype));
        if (device is not null || dtype is not null)
            spec = (spec with { Model = spec.Model with { Device = device ?? spec.Model.Device, Dtype = dtypeValue } })
                .EnsureValid(specFile.FullName + " (with --device/--dtype)");
        InputFiles.CheckOutputDirectory(outDir.FullName, "--out");
        return new TrainerRun(spec, outDir.FullName, options).Run(ct);
    }
}
