using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace Gvm.Cli.Logging;

/// <summary>
/// The global <c>--verbose</c> / <c>--quiet</c> options and the logger factory built from them (once per process, in
/// <see cref="GvmApp.RunAsync"/>). Default: warnings and errors; <c>--verbose</c>: debug and up; <c>--quiet</c>: errors only.
/// </summary>
public static class CliLogging
{
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Log debug messages to stderr (tracking passes, retries) with their source",
        Recursive = true,
    };

    public static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "Log errors only (no warnings) to stderr",
        Recursive = true,
    };

    /// <summary>The minimum level for the options given.</summary>
    public static LogLevel LevelFor(bool verbose, bool quiet) => verbose ? LogLevel.Debug : quiet ? LogLevel.Error : LogLevel.Warning;

    /// <summary>A factory with the terminal provider only, filtered at <paramref name="level"/>.</summary>
    public static ILoggerFactory Create(LogLevel level, TerminalLoggerProvider? provider = null) =>
        LoggerFactory.Create(builder => builder
            .ClearProviders()
            .SetMinimumLevel(level)
            .AddProvider(provider ?? new TerminalLoggerProvider { ShowCategory = level <= LogLevel.Debug }));
}
