using Gvm.Core.Runs.Files;

namespace Gvm.Reporting.Inputs;

/// <summary>Reads metrics.jsonl through its codec (<see cref="MetricsFile"/>).</summary>
public static class MetricsJournal
{
    /// <summary>
    /// Parses every line. A final line without its newline that does not parse is ignored (the trainer may be writing
    /// it); any other bad line throws <see cref="ReportInputException"/> naming the line and the field.
    /// </summary>
    public static Task<IReadOnlyList<MetricRecord>> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        JsonLines.ReadAsync(path, MetricsFile.Parse, cancellationToken);

    public static IReadOnlyList<MetricRecord> Parse(string text, string source) => JsonLines.Parse(text, source, MetricsFile.Parse);
}
