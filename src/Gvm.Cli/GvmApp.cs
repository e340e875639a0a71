using System.CommandLine;
using Gvm.Cli.Commands;
using Gvm.Cli.Commands.Bench;
using Gvm.Core.Runs;
using Gvm.Training.Trainer;

namespace Gvm.Cli;

/// <summary>The <c>gvm</c> command tree. Each command lives in its own file under Commands/.</summary>
public static class GvmApp
{
    public static RootCommand Build()
    {
        var root = new RootCommand("gvm: run, track and compare GVM-RAFT++/GVM-GRPO reasoning-RL experiments");
        root.Subcommands.Add(AllocateCommand.Create());
        root.Subcommands.Add(GradeCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(PlanCommand.Create());
        root.Subcommands.Add(SweepCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(MlflowCommand.Create());
        root.Subcommands.Add(TokenizeCommand.Create());
        root.Subcommands.Add(ChatCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(StudyCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        // Before any torch call of any command (train, eval, bench model): libgomp's spin-waiting makes multi-threaded
        // steps 10-30x slower on a busy machine (see NativeThreading).
        NativeThreading.PreferPassiveWaiting();
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            // Bad command lines (unknown option, non-numeric value, missing argument) are bad input: exit 2 like every
            // other input error, with System.CommandLine's message naming the option.
            foreach (var error in parse.Errors) Console.Error.WriteLine($"gvm: {error.Message}");
            Console.Error.WriteLine("Run 'gvm [command] --help' for usage.");
            return ExitCodes.InvalidInput;
        }
        // No System.CommandLine termination handling: it would force the exit 2 s after SIGTERM/SIGINT, in the middle of
        // a trainer step (no checkpoint, exit 143). `gvm train` and `gvm sweep` handle the signals themselves; every
        // other command ends at once, as a plain process does.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
        return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Placeholder action for commands whose issue has not landed yet.</summary>
    internal static Task<int> NotYetAsync(string command)
    {
        Console.Error.WriteLine($"gvm {command}: not implemented yet");
        return Task.FromResult(1);
    }
}
