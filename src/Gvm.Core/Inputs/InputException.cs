namespace Gvm.Core.Inputs;

/// <summary>
/// Bad input from the user: a file, a line or a field of it, or a command-line option. The one base type of every
/// input error (run specs, grids, JSON Lines files, checkpoints, tokenizer files, ledgers, journals, options); the CLI
/// maps it to exit code 2 in one place (<c>GvmApp</c>) and prints <see cref="Exception.Message"/> on stderr, never a stack
/// trace. The message reads <c>file:line:column: field: reason</c>, each part left out when unknown.
/// </summary>
public class InputException : Exception
{
    /// <param name="file">The file at fault (null for a command-line option or a value with no file).</param>
    /// <param name="line">1-based line (0 = the file as a whole).</param>
    /// <param name="field">Dotted field path or option name (<c>optim.lr</c>, <c>--out</c>); empty when the whole line or file is at fault.</param>
    /// <param name="reason">What is wrong, and when it helps, what is expected.</param>
    /// <param name="inner">The exception that revealed the problem, kept for --verbose.</param>
    /// <param name="column">1-based column (0 = unknown).</param>
    public InputException(string? file, long line, string? field, string reason, Exception? inner = null, long column = 0)
        : base(Format(file, line, column, field, reason), inner)
    {
        File = file;
        Line = line;
        Column = column;
        Field = field ?? "";
        Reason = reason;
    }

    /// <summary>A bad command-line option or argument: <c>--out: reason</c>.</summary>
    public static InputException Option(string option, string reason, Exception? inner = null) => new(null, 0, option, reason, inner);

    public string? File { get; }
    public long Line { get; }
    public long Column { get; }
    public string Field { get; }
    public string Reason { get; }

    /// <summary><c>file:line:column: field: reason</c> with the unknown parts left out.</summary>
    public static string Format(string? file, long line, long column, string? field, string reason)
    {
        var where = string.IsNullOrEmpty(file) ? "" : file;
        if (where.Length > 0 && line > 0) where += $":{line}";
        if (where.Length > 0 && line > 0 && column > 0) where += $":{column}";
        var parts = new List<string>(3);
        if (where.Length > 0) parts.Add(where);
        if (!string.IsNullOrEmpty(field)) parts.Add(field);
        parts.Add(reason);
        return string.Join(": ", parts);
    }
}
