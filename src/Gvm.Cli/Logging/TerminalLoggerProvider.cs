using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Gvm.Cli.Logging;

/// <summary>
/// Writes log entries as single lines, <c>warning: message</c>, so that tracking, journal and launcher warnings are
/// seen. To stderr (<see cref="Console.Error"/>, read at each write, so a redirected or swapped writer receives it);
/// when stdout and stderr are both the terminal, through Spectre.Console instead, whose live display then draws the
/// line above its table rather than being torn by it. With <see cref="ShowCategory"/> (<c>--verbose</c>) each line
/// names its source class and carries the exception's stack trace.
/// </summary>
public sealed class TerminalLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentDictionary<string, TerminalLogger> _loggers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Prefix lines with the logging class (e.g. <c>[BackgroundSender]</c>) and print exception stack traces.</summary>
    public bool ShowCategory { get; init; }

    /// <summary>Route through Spectre.Console when stdout and stderr both go to an interactive terminal (default: detect).</summary>
    public bool? ThroughSpectre { get; init; }

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, name => new TerminalLogger(this, ShortName(name)));

    public void Dispose() => _loggers.Clear();

    private bool UseSpectre => ThroughSpectre ?? (!Console.IsOutputRedirected && !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive);

    internal void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var text = ShowCategory ? $"{LevelName(level)} [{category}]: {message}" : $"{LevelName(level)}: {message}";
        if (exception is not null) text += ShowCategory ? $"{Environment.NewLine}{exception}" : $" ({exception.GetType().Name}: {exception.Message})";
        lock (_gate)
        {
            if (UseSpectre)
            {
                var style = level >= LogLevel.Error ? "red" : level == LogLevel.Warning ? "yellow" : "grey";
                AnsiConsole.MarkupLine($"[{style}]{Markup.Escape(text)}[/]");
            }
            else
            {
                Console.Error.WriteLine(text);
            }
        }
    }

    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warning",
        LogLevel.Error => "error",
        LogLevel.Critical => "critical",
        _ => level.ToString().ToLowerInvariant(),
    };

    /// <summary>"Gvm.Tracking.Journal.BackgroundSender" → "BackgroundSender".</summary>
    private static string ShortName(string category)
    {
        var dot = category.LastIndexOf('.');
        return dot < 0 ? category : category[(dot + 1)..];
    }

    private sealed class TerminalLogger(TerminalLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        // The factory's minimum level filters before this is asked; None is never written.
        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            ArgumentNullException.ThrowIfNull(formatter);
            owner.Write(logLevel, category, formatter(state, exception), exception);
        }
    }
}
