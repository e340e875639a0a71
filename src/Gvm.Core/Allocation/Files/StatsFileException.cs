namespace Gvm.Core.Allocation.Files;

/// <summary>A bad STATS.jsonl record: <see cref="Line"/> is 1-based (0 = the file as a whole), <see cref="Field"/> may be empty.</summary>
public sealed class StatsFileException(string source, long line, string field, string message, Exception? inner = null)
    : Exception($"{source}{(line > 0 ? $":{line}" : "")}: {(string.IsNullOrEmpty(field) ? "" : field + ": ")}{message}", inner)
{
    public string SourceName { get; } = source;
    public long Line { get; } = line;
    public string Field { get; } = field;
}
