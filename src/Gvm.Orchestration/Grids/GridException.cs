namespace Gvm.Orchestration.Grids;

/// <summary>A bad grid file: <see cref="File"/>:<see cref="Line"/>:<see cref="Column"/> and the offending field.</summary>
public sealed class GridException : Exception
{
    public GridException(string file, long line, long column, string field, string message, Exception? inner = null)
        : base($"{file}:{line}:{column}: {(string.IsNullOrEmpty(field) ? "" : field + ": ")}{message}", inner)
    {
        File = file;
        Line = line;
        Column = column;
        Field = field;
        Reason = message;
    }

    public string File { get; }
    public long Line { get; }
    public long Column { get; }
    public string Field { get; }
    public string Reason { get; }
}

/// <summary>A position in a grid file (1-based line and column).</summary>
public readonly record struct GridMark(string File, long Line, long Column)
{
    public GridException Error(string field, string message) => new(File, Line, Column, field, message);
}
