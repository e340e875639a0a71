using Gvm.Core.Inputs;
using Gvm.Core.Runs.Files;

namespace Gvm.Reporting.Inputs;

/// <summary>
/// Reads a run's JSON Lines files (metrics.jsonl, allocations.jsonl, pass_rates.jsonl) through their codecs in
/// <see cref="Gvm.Core.Runs.Files"/>; a bad line is a <see cref="ReportInputException"/> naming the file, the line and
/// the field.
/// </summary>
internal static class JsonLines
{
    /// <summary><paramref name="parse"/> (a codec's <c>Parse</c>) on the file's text, its input errors as report input errors.</summary>
    public static async Task<IReadOnlyList<T>> ReadAsync<T>(string path, Func<string, string, IReadOnlyList<T>> parse, CancellationToken cancellationToken)
    {
        var text = await ReadTextAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(text, path, parse);
    }

    /// <summary><paramref name="parse"/> on <paramref name="text"/>, its input errors as report input errors.</summary>
    public static IReadOnlyList<T> Parse<T>(string text, string source, Func<string, string, IReadOnlyList<T>> parse)
    {
        try
        {
            return parse(text, source);
        }
        catch (InputException e) when (e is not ReportInputException)
        {
            throw new ReportInputException(e.File ?? source, e.Line, e.Field, e.Reason, e);
        }
    }

    /// <summary>
    /// The run file's text: a directory or an unreadable file is an input error naming it. Decoding stays lenient: a
    /// torn last line may end inside a UTF-8 sequence.
    /// </summary>
    private static async Task<string> ReadTextAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = InputFiles.OpenRead(path);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }
}
