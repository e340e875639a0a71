using System.CommandLine;
using System.Globalization;
using System.Text;
using Gvm.Core.Runs;
using Gvm.Training.Checkpoints;
using Gvm.Training.Study;
using TorchSharp;

namespace Gvm.Cli.Commands;

/// <summary>
/// <c>gvm study rewards --checkpoint DIR --spec SPEC.json [--prompts 256] [--samples 8] [--seed 1]</c>: what the answer
/// and the derivation rewards accept at a checkpoint, and how many answer-accepted samples have a wrong step
/// (docs/trainer.md, "The reward"). Prints a Markdown table.
/// </summary>
internal static class StudyRewardsCommand
{
    public static Command Create()
    {
        var command = new Command("rewards", "Count what the answer and derivation rewards accept at a checkpoint (built-in task)");
        var checkpoint = new Option<string>("--checkpoint") { Description = "Model directory (a run's final/ or checkpoints/step_*)", Required = true };
        var specPath = new Option<string>("--spec") { Description = "Run spec whose task and sampling settings to use", Required = true };
        var prompts = new Option<int>("--prompts") { Description = "First N train prompts", DefaultValueFactory = _ => 256 };
        var samples = new Option<int>("--samples") { Description = "Responses per prompt", DefaultValueFactory = _ => 8 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        foreach (var o in new Option[] { checkpoint, specPath, prompts, samples, seed }) command.Options.Add(o);
        command.SetAction((parse, _) =>
        {
            try
            {
                var spec = RunSpec.Load(parse.GetValue(specPath)!);
                if (spec.Task.Kind != "arith") throw new ArgumentException($"{parse.GetValue(specPath)}: task.kind: must be 'arith' (the built-in task)");
                if (parse.GetValue(prompts) < 1) throw new ArgumentException("--prompts: must be >= 1");
                if (parse.GetValue(samples) < 1) throw new ArgumentException("--samples: must be >= 1");
                torch.set_num_threads(spec.Threads);
                using var policy = ModelFiles.Load(parse.GetValue(checkpoint)!);
                var rows = RewardAudit.Run(policy, spec, parse.GetValue(prompts), parse.GetValue(samples), (ulong)parse.GetValue(seed));
                var md = new StringBuilder("| level | samples | answer reward accepts | with a wrong step | derivation reward accepts |\n| --- | --- | --- | --- | --- |\n");
                foreach (var r in rows)
                    md.Append(CultureInfo.InvariantCulture, $"| {(r.Level == 0 ? "all" : r.Level.ToString(CultureInfo.InvariantCulture))} | {r.Samples} | {r.AnswerAccepted} | {r.AnswerAcceptedWithWrongStep} ({r.WrongStepShare:P0}) | {r.DerivationAccepted} |\n");
                Console.Write(md.ToString());
                return Task.FromResult(ExitCodes.Success);
            }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or DirectoryNotFoundException)
            {
                throw new Gvm.Core.Inputs.InputException(null, 0, null, e.Message, e); // option checks and files at this boundary: exit 2
            }
        });
        return command;
    }
}
