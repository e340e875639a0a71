using System.CommandLine;
using Gvm.Cli.Commands;
using Gvm.Cli.Commands.Bench;
using Gvm.Cli.Logging;
using Gvm.Core.Inputs;
using Gvm.Core.Runs;
using Gvm.Training.Trainer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gvm.Cli;

/// <summary>The <c>gvm</c> command tree. Each command lives in its own file under Commands/.</summary>
public static class GvmApp
{
    private static readonly AsyncLocal<ILoggerFactory?> CurrentLoggers = new();

    /// <summary>
    /// Loggers of the running command (stderr, level from <c>--verbose</c>/<c>--quiet</c>), set once per invocation by
    /// <see cref="RunAsync"/>; flows with the command's async context, so parallel invocations (tests) do not mix.
    /// </summary>
    internal static ILoggerFactory Loggers => CurrentLoggers.Value ?? NullLoggerFactory.Instance;

    public static RootCommand Build()
    {
        var root = new RootCommand("gvm: run, track and compare GVM-RAFT++/GVM-GRPO reasoning-RL experiments");
        root.Options.Add(CliLogging.Verbose);
        root.Options.Add(CliLogging.Quiet);
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
        GcStress.StartIfAsked();
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            // Bad command lines (unknown option, non-numeric value, missing argument) are bad input: exit 2 like every
            // other input error, with System.CommandLine's message naming the option.
            foreach (var error in parse.Errors) Console.Error.WriteLine($"gvm: {error.Message}");
            Console.Error.WriteLine("Run 'gvm [command] --help' for usage.");
            return ExitCodes.InvalidInput;
        }
        var (verbose, quiet) = (parse.GetValue(CliLogging.Verbose), parse.GetValue(CliLogging.Quiet));
        if (verbose && quiet)
        {
            Console.Error.WriteLine("gvm: --verbose and --quiet exclude each other");
            return ExitCodes.InvalidInput;
        }
        // One logger factory per invocation: warnings of tracking, journal and launchers reach stderr.
        using var loggers = CliLogging.Create(CliLogging.LevelFor(verbose, quiet));
        CurrentLoggers.Value = loggers;
        // No System.CommandLine termination handling: it would force the exit 2 s after SIGTERM/SIGINT, in the middle of
        // a trainer step (no checkpoint, exit 143). `gvm train` and `gvm sweep` handle the signals themselves; every
        // other command ends at once, as a plain process does. No default exception handler either: it prints stack
        // traces; errors are mapped below.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return Report(CommandName(parse), e, verbose, cancellationToken);
        }
    }

    /// <summary>
    /// The one place errors become exit codes and stderr lines: input errors (<see cref="InputException"/>, which names
    /// the file, line and field or the option) exit 2; a stop requested by the user exits 130; anything else is a
    /// failure of ours (exit 1) reported by type and message, with the stack trace only under --verbose.
    /// </summary>
    internal static int Report(string command, Exception error, bool verbose, CancellationToken cancellationToken = default)
    {
        var e = error is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : error;
        switch (e)
        {
            case InputException input:
                Console.Error.WriteLine($"{command}: {input.Message}");
                if (verbose && input.InnerException is { } cause) Console.Error.WriteLine(cause);
                return ExitCodes.InvalidInput;
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                Console.Error.WriteLine($"{command}: stopped");
                return ExitCodes.Interrupted;
            default:
                Console.Error.WriteLine($"{command}: internal error: {e.GetType().Name}: {e.Message}");
                Console.Error.WriteLine(verbose ? e.ToString() : "(this is a bug; run again with --verbose for the stack trace and report it)");
                return ExitCodes.Failure;
        }
    }

    /// <summary><c>gvm mlflow push</c>: the command path the user typed, for error lines.</summary>
    private static string CommandName(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Add(r.Command is RootCommand ? "gvm" : r.Command.Name);
        names.Reverse();
        return string.Join(" ", names);
    }

    /// <summary>Placeholder action for commands whose issue has not landed yet.</summary>
    internal static Task<int> NotYetAsync(string command)
    {
        Console.Error.WriteLine($"gvm {command}: not implemented yet");
        return Task.FromResult(1);
    }
}
