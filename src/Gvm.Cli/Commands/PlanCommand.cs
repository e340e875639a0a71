using System.CommandLine;
using Gvm.Orchestration.Planning;
using Gvm.Orchestration.Sweeps;

namespace Gvm.Cli.Commands;

internal static class PlanCommand
{
    public static Command Create()
    {
        var grid = new Argument<string?>("grid") { Description = "Grid file (default: experiments/smoke.yaml)", Arity = ArgumentArity.ZeroOrOne };
        var sweepDir = new Option<string?>("--sweep-dir") { Description = "Sweep directory (default: sweeps/<grid name>)" };
        var parallel = new Option<int?>("--parallel") { Description = "Slots for the time estimate (default: the grid's backend.parallel)" };
        var json = new Option<bool>("--json") { Description = "Print plan.json instead of the summary" };
        var command = new Command("plan", "Resolve a grid file into runs, stages and comparison pairs");
        command.Arguments.Add(grid);
        command.Options.Add(sweepDir);
        command.Options.Add(parallel);
        command.Options.Add(json);
        command.SetAction((parse, ct) => OrchestrationErrors.GuardAsync(() =>
        {
            var g = GridSource.Load(parse.GetValue(grid));
            var dir = Gvm.Core.Inputs.InputFiles.CheckOutputDirectory(parse.GetValue(sweepDir) ?? GridSource.DefaultSweepDir(g.Name), "--sweep-dir");
            var result = Planner.Plan(g, dir);
            if (parse.GetValue(json)) Console.WriteLine(result.Plan.ToJson());
            else PlanText.Write(result, dir, parse.GetValue(parallel) ?? g.Backend.Parallel, Console.Out);
            foreach (var m in result.MissingInputs) Console.Error.WriteLine($"gvm plan: missing input: {m}");
            return Task.FromResult(result.Runnable ? 0 : 2);
        }));
        return command;
    }
}
