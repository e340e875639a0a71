using Gvm.Core.Inputs;

namespace Gvm.Core.Allocation.Files;

/// <summary>A bad STATS.jsonl record: <see cref="InputException.Line"/> is 1-based (0 = the file as a whole), <see cref="InputException.Field"/> may be empty.</summary>
public sealed class StatsFileException(string source, long line, string field, string message, Exception? inner = null, long column = 0)
    : InputException(source, line, field, message, inner, column)
{
    public string SourceName { get; } = source;
}
