namespace Gvm.Reporting;

/// <summary>
/// A sweep input the report cannot read: names the file, the 1-based line (0 when the whole file is at fault) and
/// the field. The CLI maps it to exit code 2.
/// </summary>
public sealed class ReportInputException(string file, long line, string field, string message, Exception? inner = null)
    : Gvm.Core.Inputs.InputException(file, line, field, message, inner)
{
    /// <summary>The file at fault (never null here).</summary>
    public new string File { get; } = file;
}
