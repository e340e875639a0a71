using Gvm.Core.Inputs;

namespace Gvm.Orchestration.Grids;

/// <summary>A bad grid file: <c>file:line:column: field: reason</c> (an <see cref="InputException"/>, exit 2).</summary>
public sealed class GridException(string file, long line, long column, string field, string message, Exception? inner = null)
    : InputException(file, line, field, message, inner, column);

/// <summary>A position in a grid file (1-based line and column).</summary>
public readonly record struct GridMark(string File, long Line, long Column)
{
    public GridException Error(string field, string message) => new(File, Line, Column, field, message);
}
