namespace Gvm.Reporting;

/// <summary>
/// A sweep input the report cannot read: names the file, the 1-based line (0 when the whole file is at fault) and
/// the field. The CLI maps it to exit code 2.
/// </summary>
public sealed class ReportInputException(string file, int line, string field, string message, Exception? inner = null)
    : Exception(Format(file, line, field, message), inner)
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Field { get; } = field;

    private static string Format(string file, int line, string field, string message)
    {
        var where = line > 0 ? $"{file}:{line}" : file;
        return string.IsNullOrEmpty(field) ? $"{where}: {message}" : $"{where}: {field}: {message}";
    }
}
